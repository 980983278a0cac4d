package dev.berth.snapshot.diff;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a POSIX (pax) tar stream, as Go's archive/tar does for containerd's layers: a ustar
 * header per entry, preceded by a pax extended header where a name, a link target or a number
 * does not fit the ustar fields, or the entry has extended attributes.
 *
 * <p>Written here rather than with Commons Compress because its pax records are Java strings
 * encoded as UTF-8: a binary attribute value such as {@code security.capability} would be
 * mangled. Here every record value is written byte for byte. The output is a pure function of
 * the headers and contents given (no user names, no access or change times).
 */
final class LayerTarWriter implements Closeable {
    private static final int BLOCK = 512;
    private static final long MAX_OCTAL_7 = 07777777L;
    private static final long MAX_OCTAL_11 = 077777777777L;
    private static final byte PAX_HEADER = 'x';
    private static final String PAX_HEADER_NAME = "././@PaxHeader";

    private final OutputStream out;
    private final byte[] copyBuffer = new byte[64 * 1024];
    private boolean finished;

    LayerTarWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes one entry; {@code content} gives exactly {@code header.size()} bytes (null when 0). */
    void write(TarHeader header, InputStream content) throws IOException {
        Map<String, byte[]> pax = paxRecords(header);
        if (!pax.isEmpty()) {
            byte[] records = encode(pax);
            out.write(ustar(PAX_HEADER_NAME, PAX_HEADER, 0644, 0, 0, records.length, 0, "", 0, 0));
            out.write(records);
            pad(records.length);
        }
        out.write(ustar(header.name(), header.type(), header.mode(), header.uid(), header.gid(), header.size(),
                header.mtime(), header.linkName(), header.devMajor(), header.devMinor()));
        if (header.size() > 0) {
            copy(content, header.size(), header.name());
            pad(header.size());
        }
    }

    /** Ends the archive with two zero blocks; does not close the underlying stream. */
    void finish() throws IOException {
        if (!finished) {
            finished = true;
            out.write(new byte[2 * BLOCK]);
        }
    }

    @Override
    public void close() throws IOException {
        finish();
        out.close();
    }

    private void copy(InputStream content, long size, String name) throws IOException {
        long left = size;
        while (left > 0) {
            int n = content.read(copyBuffer, 0, (int) Math.min(copyBuffer.length, left));
            if (n < 0) {
                throw new IOException(name + " shrank while it was being read: expected " + size + " bytes");
            }
            out.write(copyBuffer, 0, n);
            left -= n;
        }
    }

    private void pad(long written) throws IOException {
        int rest = (int) (written % BLOCK);
        if (rest != 0) {
            out.write(new byte[BLOCK - rest]);
        }
    }

    /** What the ustar header cannot hold, as Go's writer puts it into pax records. */
    private static Map<String, byte[]> paxRecords(TarHeader header) {
        Map<String, byte[]> pax = new TreeMap<>();
        if (!fitsUstar(header.name(), 100)) {
            pax.put("path", utf8(header.name()));
        }
        if (!fitsUstar(header.linkName(), 100)) {
            pax.put("linkpath", utf8(header.linkName()));
        }
        if (header.uid() > MAX_OCTAL_7) {
            pax.put("uid", utf8(Long.toString(header.uid())));
        }
        if (header.gid() > MAX_OCTAL_7) {
            pax.put("gid", utf8(Long.toString(header.gid())));
        }
        if (header.size() > MAX_OCTAL_11) {
            pax.put("size", utf8(Long.toString(header.size())));
        }
        if (header.mtime() < 0 || header.mtime() > MAX_OCTAL_11) {
            pax.put("mtime", utf8(Long.toString(header.mtime())));
        }
        header.xattrs().forEach((name, value) -> pax.put("SCHILY.xattr." + name, value));
        return pax;
    }

    private static boolean fitsUstar(String value, int length) {
        return value.length() <= length && value.chars().allMatch(c -> c > 0 && c < 0x80);
    }

    /** Records "LEN KEY=VALUE\n", LEN counting the whole record including its own digits. */
    private static byte[] encode(Map<String, byte[]> records) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        records.forEach((key, value) -> {
            int rest = 1 + utf8(key).length + 1 + value.length + 1; // " KEY=VALUE\n"
            int length = rest + Integer.toString(rest).length();
            if (Integer.toString(length).length() != Integer.toString(rest).length()) {
                length = rest + Integer.toString(length).length();
            }
            bytes.writeBytes(utf8(length + " " + key + "="));
            bytes.writeBytes(value);
            bytes.write('\n');
        });
        return bytes.toByteArray();
    }

    private static byte[] ustar(String name, byte type, int mode, long uid, long gid, long size, long mtime,
                                String linkName, int devMajor, int devMinor) {
        byte[] block = new byte[BLOCK];
        string(block, 0, 100, name);
        octal(block, 100, 8, mode);
        octal(block, 108, 8, uid > MAX_OCTAL_7 ? 0 : uid);
        octal(block, 116, 8, gid > MAX_OCTAL_7 ? 0 : gid);
        octal(block, 124, 12, size > MAX_OCTAL_11 ? 0 : size);
        octal(block, 136, 12, mtime < 0 || mtime > MAX_OCTAL_11 ? 0 : mtime);
        block[156] = type;
        string(block, 157, 100, linkName);
        string(block, 257, 6, "ustar");
        block[263] = '0';
        block[264] = '0';
        if (type == TarHeader.CHAR_DEVICE || type == TarHeader.BLOCK_DEVICE) {
            octal(block, 329, 8, devMajor);
            octal(block, 337, 8, devMinor);
        }
        Arrays.fill(block, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : block) {
            sum += b & 0xff;
        }
        byte[] checksum = String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(checksum, 0, block, 148, 6);
        block[154] = 0;
        block[155] = ' ';
        return block;
    }

    /** The value's ASCII characters, cut to the field (the full value is then in a pax record). */
    private static void string(byte[] block, int offset, int length, String value) {
        int n = 0;
        for (int i = 0; i < value.length() && n < length; i++) {
            char c = value.charAt(i);
            block[offset + n++] = c > 0 && c < 0x80 ? (byte) c : (byte) '_';
        }
    }

    /** Zero-padded octal digits filling the field but its last byte, which stays NUL. */
    private static void octal(byte[] block, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        String padded = "0".repeat(length - 1 - digits.length()) + digits;
        System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, block, offset, length - 1);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
