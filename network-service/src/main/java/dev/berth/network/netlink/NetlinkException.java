package dev.berth.network.netlink;

import dev.berth.common.posix.Libc;

/**
 * A failed rtnetlink request or namespace operation, worded as iproute2 words it
 * ("RTNETLINK answers: File exists") and carrying the errno so callers can tell EEXIST from ENODEV.
 */
public final class NetlinkException extends RuntimeException {
    public static final int ENOENT = 2;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ESRCH = 3;

    private final int errno;

    public NetlinkException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    /** The kernel's refusal of a request, e.g. "add bridge br0: RTNETLINK answers: File exists". */
    static NetlinkException answer(String what, int errno) {
        return new NetlinkException(what + ": RTNETLINK answers: " + Libc.strerror(errno), errno);
    }

    /** A failed system call, e.g. "Cannot open network namespace \"x\": No such file or directory". */
    static NetlinkException call(String what, int errno) {
        return new NetlinkException(what + ": " + Libc.strerror(errno), errno);
    }

    public int errno() {
        return errno;
    }
}
