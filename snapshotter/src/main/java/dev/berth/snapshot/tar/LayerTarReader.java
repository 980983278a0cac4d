package dev.berth.snapshot.tar;

import static dev.berth.snapshot.Errdefs.invalidArgument;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a tar stream entry by entry: ustar and v7 headers, GNU headers (base-256 numbers, long
 * names 'L' and long link names 'K'), and pax extended headers ('x' for the next entry, 'g' for all
 * that follow). Written here because Commons Compress hands pax records out as UTF-8 strings, which
 * mangles binary attribute values such as {@code security.capability}: here they stay bytes.
 *
 * <p>Malformed input (a bad checksum, a bad number or pax record, a stream that ends inside an
 * entry, sparse files) fails with INVALID_ARGUMENT. Pax and long-name bodies are limited to 1 MiB,
 * as Go's archive/tar limits them, so a hostile header cannot exhaust memory.
 */
public final class LayerTarReader {
    static final int BLOCK = 512;
    static final int MAX_SPECIAL_SIZE = 1 << 20;
    static final String XATTR_PREFIX = "SCHILY.xattr.";

    private final InputStream in;
    private final byte[] header = new byte[BLOCK];
    private final Map<String, byte[]> global = new HashMap<>();
    private final EntryContent content = new EntryContent();
    private long padding;
    private boolean ended;

    public LayerTarReader(InputStream in) {
        this.in = in;
    }

    /** The next entry, or null at the end of the archive; the previous entry's unread content is skipped. */
    public TarEntry next() throws IOException {
        if (ended) {
            return null;
        }
        content.skipRest();
        skip(padding);
        padding = 0;
        Map<String, byte[]> pax = new HashMap<>();
        String longName = null;
        String longLink = null;
        while (true) {
            if (!readHeader()) {
                ended = true;
                return null;
            }
            byte type = header[156];
            long size = TarNumbers.parse(header, 124, 12, "size");
            switch (type) {
                case 'x' -> pax.putAll(PaxRecords.parse(readSpecial(size, "pax header")));
                case 'g' -> global.putAll(PaxRecords.parse(readSpecial(size, "pax global header")));
                case 'L' -> longName = cString(readSpecial(size, "GNU long name"));
                case 'K' -> longLink = cString(readSpecial(size, "GNU long link name"));
                case 'S', 'M', 'V', 'N' -> throw invalidArgument("unsupported tar entry type '" + (char) type
                        + "' (GNU sparse, multi-volume or volume header)");
                default -> {
                    return entry(type, size, pax, longName, longLink);
                }
            }
        }
    }

    /** The current entry's content; reading past its end returns -1, a stream cut short inside it fails. */
    public InputStream content() {
        return content;
    }

    private TarEntry entry(byte rawType, long headerSize, Map<String, byte[]> local, String longName, String longLink) {
        Map<String, byte[]> pax = new HashMap<>(global);
        pax.keySet().removeAll(PaxRecords.PER_ENTRY); // a global path or size would name every entry alike
        pax.putAll(local);
        String name = longName != null ? longName : ustarName();
        String linkName = longLink != null ? longLink : TarStrings.field(header, 157, 100);
        byte type = rawType;
        if (type == 0 || type == '7') {
            type = type == 0 && name.endsWith("/") ? TarEntry.DIRECTORY : TarEntry.REGULAR;
        }
        long uid = TarNumbers.parse(header, 108, 8, "uid");
        long gid = TarNumbers.parse(header, 116, 8, "gid");
        long size = headerSize;
        Instant mtime = Instant.ofEpochSecond(TarNumbers.parse(header, 136, 12, "mtime"));
        Instant atime = null;
        Map<String, byte[]> xattrs = new TreeMap<>();
        for (Map.Entry<String, byte[]> record : pax.entrySet()) {
            String key = record.getKey();
            String value = new String(record.getValue(), StandardCharsets.UTF_8);
            switch (key) {
                case "path" -> name = value;
                case "linkpath" -> linkName = value;
                case "size" -> size = PaxRecords.decimal(key, value);
                case "uid" -> uid = PaxRecords.decimal(key, value);
                case "gid" -> gid = PaxRecords.decimal(key, value);
                case "mtime" -> mtime = PaxRecords.time(key, value);
                case "atime" -> atime = PaxRecords.time(key, value);
                default -> {
                    if (key.startsWith(XATTR_PREFIX) && key.length() > XATTR_PREFIX.length()) {
                        xattrs.put(key.substring(XATTR_PREFIX.length()), record.getValue());
                    } else if (key.startsWith("GNU.sparse.")) {
                        throw invalidArgument("sparse tar entries are not supported: " + name);
                    }
                }
            }
        }
        if (size < 0) {
            throw invalidArgument("negative size in tar header of " + name);
        }
        long dataSize = TarEntry.headerOnly(type) ? 0 : size;
        content.start(dataSize, name);
        padding = (BLOCK - dataSize % BLOCK) % BLOCK;
        int mode = (int) (TarNumbers.parse(header, 100, 8, "mode") & 07777);
        int major = (int) TarNumbers.parse(header, 329, 8, "devmajor");
        int minor = (int) TarNumbers.parse(header, 337, 8, "devminor");
        return new TarEntry(name, type, mode, uid, gid, dataSize, mtime, atime, linkName, major, minor, xattrs);
    }

    /** The name field, with the ustar prefix when the header is POSIX ustar (GNU uses those bytes for times). */
    private String ustarName() {
        String name = TarStrings.field(header, 0, 100);
        boolean posix = header[257] == 'u' && header[258] == 's' && header[259] == 't' && header[260] == 'a'
                && header[261] == 'r' && header[262] == 0;
        String prefix = posix ? TarStrings.field(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    /** Reads a header block; false at the end of the archive (a zero block, or the stream's clean end). */
    private boolean readHeader() throws IOException {
        int n = in.readNBytes(header, 0, BLOCK);
        if (n == 0) {
            return false; // no end-of-archive blocks: Go's reader ends here too
        }
        if (n < BLOCK) {
            throw invalidArgument("truncated tar: unexpected EOF in a header");
        }
        boolean zero = true;
        for (byte b : header) {
            if (b != 0) {
                zero = false;
                break;
            }
        }
        if (zero) {
            return false;
        }
        TarNumbers.verifyChecksum(header);
        return true;
    }

    /** The body of a pax or GNU long-name header, bounded, with its padding consumed. */
    private byte[] readSpecial(long size, String what) throws IOException {
        if (size < 0 || size > MAX_SPECIAL_SIZE) {
            throw invalidArgument(what + " of " + size + " bytes exceeds the limit of " + MAX_SPECIAL_SIZE);
        }
        byte[] body = in.readNBytes((int) size);
        if (body.length < size) {
            throw invalidArgument("truncated tar: unexpected EOF in a " + what);
        }
        skip((BLOCK - size % BLOCK) % BLOCK);
        return body;
    }

    private static String cString(byte[] body) {
        return TarStrings.field(body, 0, body.length);
    }

    private void skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw invalidArgument("truncated tar: unexpected EOF");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    /** The content of the current entry, a window on the tar stream. */
    private final class EntryContent extends InputStream {
        private long remaining;
        private String name = "";

        void start(long size, String entryName) {
            remaining = size;
            name = entryName;
        }

        void skipRest() throws IOException {
            if (remaining > 0) {
                skip(remaining);
                remaining = 0;
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n < 0) {
                throw invalidArgument("truncated tar: unexpected EOF in the content of " + name);
            }
            remaining -= n;
            return n;
        }
    }
}
