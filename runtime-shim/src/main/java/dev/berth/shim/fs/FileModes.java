package dev.berth.shim.fs;

/** st_mode bits turned into Go's os.FileMode, which Docker's container path stat carries. */
public final class FileModes {
    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;

    private static final long MODE_DIR = 1L << 31;
    private static final long MODE_SYMLINK = 1L << 27;
    private static final long MODE_DEVICE = 1L << 26;
    private static final long MODE_NAMED_PIPE = 1L << 25;
    private static final long MODE_SOCKET = 1L << 24;
    private static final long MODE_SETUID = 1L << 23;
    private static final long MODE_SETGID = 1L << 22;
    private static final long MODE_CHAR_DEVICE = 1L << 21;
    private static final long MODE_STICKY = 1L << 20;

    private FileModes() {}

    /** Go's fillFileStatFromSys. */
    public static int goFileMode(int stMode) {
        long mode = stMode & 0777;
        switch (stMode & S_IFMT) {
            case S_IFBLK -> mode |= MODE_DEVICE;
            case S_IFCHR -> mode |= MODE_DEVICE | MODE_CHAR_DEVICE;
            case S_IFDIR -> mode |= MODE_DIR;
            case S_IFIFO -> mode |= MODE_NAMED_PIPE;
            case S_IFLNK -> mode |= MODE_SYMLINK;
            case S_IFSOCK -> mode |= MODE_SOCKET;
            default -> { }
        }
        if ((stMode & 04000) != 0) {
            mode |= MODE_SETUID;
        }
        if ((stMode & 02000) != 0) {
            mode |= MODE_SETGID;
        }
        if ((stMode & 01000) != 0) {
            mode |= MODE_STICKY;
        }
        return (int) mode;
    }

    public static int major(long dev) {
        return (int) (((dev >>> 32) & 0xfffff000L) | ((dev >>> 8) & 0xfffL));
    }

    public static int minor(long dev) {
        return (int) (((dev >>> 12) & 0xffffff00L) | (dev & 0xffL));
    }

    public static long makedev(int major, int minor) {
        return ((long) (major & 0xfffff000) << 32) | ((major & 0xfffL) << 8) | ((long) (minor & 0xffffff00) << 12) | (minor & 0xffL);
    }
}
