package dev.berth.snapshot.tar;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of a layer tar as {@link LayerTarReader} reads it, after pax and GNU long-name headers
 * were applied.
 *
 * @param name     the entry's name as written (relative or not; cleaning is the applier's job)
 * @param type     the type flag, normalized: {@link #REGULAR} for '\0' and '7', {@link #DIRECTORY} for a
 *                 '\0' entry whose name ends with '/'
 * @param mode     permission, set-id and sticky bits
 * @param size     bytes of content (0 for header-only types, whatever the header says)
 * @param atime    the pax access time, or null
 * @param linkName a symlink's target or a hard link's target name; "" otherwise
 * @param xattrs   extended attributes from pax {@code SCHILY.xattr.*} records, values byte for byte
 */
public record TarEntry(String name, byte type, int mode, long uid, long gid, long size, Instant mtime, Instant atime,
                       String linkName, int devMajor, int devMinor, Map<String, byte[]> xattrs) {
    public static final byte REGULAR = '0';
    public static final byte HARD_LINK = '1';
    public static final byte SYMLINK = '2';
    public static final byte CHAR_DEVICE = '3';
    public static final byte BLOCK_DEVICE = '4';
    public static final byte DIRECTORY = '5';
    public static final byte FIFO = '6';

    public TarEntry {
        xattrs = Map.copyOf(xattrs);
    }

    public boolean isDirectory() {
        return type == DIRECTORY;
    }

    /** Types that carry no content, whatever their size field says (as Go's archive/tar). */
    static boolean headerOnly(byte type) {
        return type == HARD_LINK || type == SYMLINK || type == CHAR_DEVICE || type == BLOCK_DEVICE
                || type == DIRECTORY || type == FIFO;
    }
}
