package dev.berth.network.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * One rtnetlink request: struct nlmsghdr, the family header (ifinfomsg, ifaddrmsg, rtmsg) and
 * rtattrs, nested ones included, each padded to 4 bytes as NLMSG_ALIGN/RTA_ALIGN do. The sequence
 * number is written by the socket when it sends.
 */
public final class MessageBuilder {
    private final int type;
    private final int flags;
    private ByteBuffer buffer = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
    private final Deque<Integer> openNests = new ArrayDeque<>();

    MessageBuilder(int type, int flags) {
        this.type = type;
        this.flags = flags;
        buffer.position(Rtnetlink.NLMSG_HDRLEN);
    }

    int type() {
        return type;
    }

    boolean isDump() {
        return (flags & Rtnetlink.NLM_F_DUMP) == Rtnetlink.NLM_F_DUMP;
    }

    /** struct ifinfomsg; {@code index} 0 lets the kernel find the link by its IFLA_IFNAME. */
    MessageBuilder ifinfomsg(int family, int index, int flags, int change) {
        ensure(Rtnetlink.IFINFOMSG_LEN);
        buffer.put((byte) family).put((byte) 0).putShort((short) 0).putInt(index).putInt(flags).putInt(change);
        return this;
    }

    /** struct ifaddrmsg. */
    MessageBuilder ifaddrmsg(int family, int prefixLength, int scope, int index) {
        ensure(Rtnetlink.IFADDRMSG_LEN);
        buffer.put((byte) family).put((byte) prefixLength).put((byte) 0).put((byte) scope).putInt(index);
        return this;
    }

    /** struct rtmsg. */
    MessageBuilder rtmsg(int family, int dstLength, int table, int protocol, int scope, int routeType) {
        ensure(Rtnetlink.RTMSG_LEN);
        buffer.put((byte) family).put((byte) dstLength).put((byte) 0).put((byte) 0)
                .put((byte) table).put((byte) protocol).put((byte) scope).put((byte) routeType).putInt(0);
        return this;
    }

    MessageBuilder attribute(int attributeType, byte[] value) {
        ensure(4 + value.length + 3);
        buffer.putShort((short) (4 + value.length)).putShort((short) attributeType).put(value);
        pad();
        return this;
    }

    /** A NUL-terminated string attribute (IFLA_IFNAME, IFLA_INFO_KIND). */
    MessageBuilder attribute(int attributeType, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return attribute(attributeType, Arrays.copyOf(bytes, bytes.length + 1));
    }

    MessageBuilder attribute(int attributeType, int value) {
        return attribute(attributeType, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
    }

    /** Opens a nested attribute; what follows until {@link #endNested} is inside it. */
    MessageBuilder beginNested(int attributeType) {
        ensure(4);
        openNests.push(buffer.position());
        buffer.putShort((short) 0).putShort((short) attributeType);
        return this;
    }

    MessageBuilder endNested() {
        int start = openNests.pop();
        buffer.putShort(start, (short) (buffer.position() - start));
        return this;
    }

    /** The finished message with its header. */
    byte[] build(int sequence) {
        if (!openNests.isEmpty()) {
            throw new IllegalStateException("unclosed nested attribute");
        }
        int length = buffer.position();
        buffer.putInt(0, length).putShort(4, (short) type).putShort(6, (short) flags)
                .putInt(8, sequence).putInt(12, 0);
        return Arrays.copyOf(buffer.array(), length);
    }

    private void pad() {
        while ((buffer.position() & 3) != 0) {
            buffer.put((byte) 0);
        }
    }

    private void ensure(int more) {
        if (buffer.remaining() < more) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + more))
                    .order(ByteOrder.nativeOrder());
            bigger.put(buffer.array(), 0, buffer.position());
            buffer = bigger;
        }
    }
}
