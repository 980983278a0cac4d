package dev.berth.common.posix;

/** A failed libc call, with its errno. */
public final class PosixException extends RuntimeException {
    private final int errno;

    public PosixException(String what, int errno) {
        super(what + ": errno " + errno + " (" + describe(errno) + ")");
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    private static String describe(int errno) {
        return switch (errno) {
            case 1 -> "operation not permitted";
            case 2 -> "no such file or directory";
            case 13 -> "permission denied";
            case 16 -> "device or resource busy";
            case 17 -> "file exists";
            case 20 -> "not a directory";
            case 22 -> "invalid argument";
            case 95 -> "operation not supported";
            default -> "see errno(3)";
        };
    }
}
