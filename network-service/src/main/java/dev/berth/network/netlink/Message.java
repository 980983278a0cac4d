package dev.berth.network.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** One message of a netlink reply: its nlmsghdr fields and the bytes after the header. */
record Message(int type, int flags, int sequence, ByteBuffer body) {

    /** Splits what one recv returned into messages (NLMSG_OK/NLMSG_NEXT). */
    static List<Message> split(ByteBuffer datagram) {
        ByteBuffer in = datagram.order(ByteOrder.nativeOrder());
        List<Message> messages = new ArrayList<>();
        int offset = 0;
        while (offset + Rtnetlink.NLMSG_HDRLEN <= in.limit()) {
            int length = in.getInt(offset);
            if (length < Rtnetlink.NLMSG_HDRLEN || offset + length > in.limit()) {
                break;
            }
            ByteBuffer body = in.slice(offset + Rtnetlink.NLMSG_HDRLEN, length - Rtnetlink.NLMSG_HDRLEN)
                    .order(ByteOrder.nativeOrder());
            messages.add(new Message(Short.toUnsignedInt(in.getShort(offset + 4)),
                    Short.toUnsignedInt(in.getShort(offset + 6)), in.getInt(offset + 8), body));
            offset += (length + 3) & ~3;
        }
        return messages;
    }

    /** The negated errno of an NLMSG_ERROR (0 for an acknowledgement) or of an NLMSG_DONE. */
    int error() {
        return body.limit() >= 4 ? body.getInt(0) : 0;
    }
}
