package dev.berth.snapshot.diff;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One entry of a layer tar, as {@link LayerTarWriter} writes it.
 *
 * @param name     the entry's name, '/'-separated, relative; directories end with '/'
 * @param type     the tar type flag ({@link #REGULAR}, {@link #DIRECTORY}, ...)
 * @param mode     permission, set-id and sticky bits ({@code st_mode & 07777})
 * @param size     bytes of content that follow (regular files only)
 * @param mtime    modification time in whole seconds since the epoch
 * @param linkName a symlink's target or a hard link's first name; "" otherwise
 * @param xattrs   extended attributes, written as PAX {@code SCHILY.xattr.<name>} records
 */
record TarHeader(String name, byte type, int mode, long uid, long gid, long size, long mtime, String linkName,
                 int devMajor, int devMinor, SortedMap<String, byte[]> xattrs) {
    static final byte REGULAR = '0';
    static final byte HARD_LINK = '1';
    static final byte SYMLINK = '2';
    static final byte CHAR_DEVICE = '3';
    static final byte BLOCK_DEVICE = '4';
    static final byte DIRECTORY = '5';
    static final byte FIFO = '6';

    TarHeader {
        xattrs = Collections.unmodifiableSortedMap(new TreeMap<>(xattrs));
    }

    /** An empty regular file owned by root with mode 0 and time 0, as containerd writes whiteouts. */
    static TarHeader whiteout(String name) {
        return new TarHeader(name, REGULAR, 0, 0, 0, 0, 0, "", 0, 0, new TreeMap<>());
    }

    /** An entry {@code linkName} that is a hard link to this one's name: no content, no xattrs of its own. */
    TarHeader hardLinkNamed(String linkName) {
        return new TarHeader(linkName, HARD_LINK, mode, uid, gid, 0, mtime, name, 0, 0, new TreeMap<>());
    }
}
