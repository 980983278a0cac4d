package dev.berth.network.netlink;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A NETLINK_ROUTE socket in the namespace of the thread that opened it (it stays there when the
 * thread moves on). Every request carries NLM_F_ACK and a fresh sequence number; a request waits
 * for its acknowledgement, a dump for NLMSG_DONE. Callers take turns: one request at a time.
 */
public final class NetlinkSocket implements AutoCloseable {
    private static final int RECEIVE_BUFFER = 64 * 1024;

    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment receiveBuffer = arena.allocate(RECEIVE_BUFFER, 8);
    private int sequence = (int) (System.nanoTime() & 0x3fffffff);
    private boolean closed;

    private NetlinkSocket(int fd) {
        this.fd = fd;
    }

    /** A socket in the calling thread's network namespace. */
    public static NetlinkSocket open() {
        return new NetlinkSocket(SocketCalls.openRoute());
    }

    /**
     * Sends {@code request} and returns the data messages of its reply (none for a plain acknowledgement).
     * A negative errno in NLMSG_ERROR or NLMSG_DONE throws, worded with {@code what}.
     */
    public synchronized List<Message> request(MessageBuilder request, String what) {
        if (closed) {
            throw new IllegalStateException("netlink socket closed");
        }
        int seq = ++sequence;
        boolean dump = request.isDump();
        SocketCalls.send(fd, request.build(seq));
        List<Message> replies = new ArrayList<>();
        while (true) {
            int length = SocketCalls.receive(fd, receiveBuffer);
            if (length > RECEIVE_BUFFER) {
                throw new IllegalStateException(what + ": netlink reply of " + length + " bytes was truncated");
            }
            ByteBuffer datagram = ByteBuffer.wrap(receiveBuffer.asSlice(0, length).toArray(
                    java.lang.foreign.ValueLayout.JAVA_BYTE));
            for (Message message : Message.split(datagram)) {
                if (message.sequence() != seq) {
                    continue; // left over from a request whose caller gave up; not ours
                }
                switch (message.type()) {
                    case Rtnetlink.NLMSG_ERROR -> {
                        if (message.error() < 0) {
                            throw NetlinkException.answer(what, -message.error());
                        }
                        if (!dump) {
                            return replies;
                        }
                    }
                    case Rtnetlink.NLMSG_DONE -> {
                        if (message.error() < 0) {
                            throw NetlinkException.answer(what, -message.error());
                        }
                        return replies;
                    }
                    default -> replies.add(message);
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            SocketCalls.close(fd);
            arena.close();
        }
    }
}
