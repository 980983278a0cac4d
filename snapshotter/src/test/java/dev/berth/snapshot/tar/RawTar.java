package dev.berth.snapshot.tar;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes tar streams block by block for tests, including what Commons Compress will not write:
 * binary pax values, global pax headers, GNU base-256 numbers, broken checksums, cut streams.
 */
public final class RawTar {
    public static final int BLOCK = 512;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A ustar header block (POSIX magic) with a valid checksum; callers may change it and call {@link #checksum}. */
    public static byte[] header(String name, byte type, int mode, long uid, long gid, long size, long mtime,
                                String linkName, int devMajor, int devMinor) {
        byte[] block = new byte[BLOCK];
        put(block, 0, 100, name);
        octal(block, 100, 8, mode);
        octal(block, 108, 8, uid);
        octal(block, 116, 8, gid);
        octal(block, 124, 12, size);
        octal(block, 136, 12, mtime);
        block[156] = type;
        put(block, 157, 100, linkName);
        put(block, 257, 6, "ustar");
        block[263] = '0';
        block[264] = '0';
        octal(block, 329, 8, devMajor);
        octal(block, 337, 8, devMinor);
        checksum(block);
        return block;
    }

    public static void checksum(byte[] block) {
        Arrays.fill(block, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : block) {
            sum += b & 0xff;
        }
        byte[] digits = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, block, 148, 8);
    }

    public RawTar block(byte[] header) {
        out.writeBytes(header);
        return this;
    }

    /** A header and its content, padded to the block size. */
    public RawTar entry(byte[] header, byte[] content) {
        out.writeBytes(header);
        out.writeBytes(content);
        pad(content.length);
        return this;
    }

    public RawTar file(String name, int mode, byte[] content) {
        return entry(header(name, (byte) '0', mode, 0, 0, content.length, 1_600_000_000L, "", 0, 0), content);
    }

    public RawTar file(String name, String content) {
        return file(name, 0644, content.getBytes(StandardCharsets.UTF_8));
    }

    public RawTar node(String name, char type, int mode, long uid, long gid, long mtime, String linkName) {
        return block(header(name, (byte) type, mode, uid, gid, 0, mtime, linkName, 0, 0));
    }

    /** A pax header ('x' for the next entry, 'g' global) holding {@code records} byte for byte. */
    public RawTar pax(char type, Map<String, byte[]> records) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        records.forEach((key, value) -> {
            int rest = 1 + key.getBytes(StandardCharsets.UTF_8).length + 1 + value.length + 1;
            int length = rest + Integer.toString(rest).length();
            if (Integer.toString(length).length() != Integer.toString(rest).length()) {
                length = rest + Integer.toString(length).length();
            }
            body.writeBytes((length + " " + key + "=").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(value);
            body.write('\n');
        });
        byte[] bytes = body.toByteArray();
        return entry(header("././@PaxHeader", (byte) type, 0644, 0, 0, bytes.length, 0, "", 0, 0), bytes);
    }

    public static Map<String, byte[]> records(Object... keyValues) {
        Map<String, byte[]> records = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            Object value = keyValues[i + 1];
            records.put((String) keyValues[i], value instanceof byte[] b ? b : value.toString().getBytes(StandardCharsets.UTF_8));
        }
        return records;
    }

    /** A GNU long name ('L') or long link name ('K') header for the next entry. */
    public RawTar gnuLong(char type, String value) {
        byte[] body = (value + "\0").getBytes(StandardCharsets.UTF_8);
        byte[] header = header("././@LongLink", (byte) type, 0644, 0, 0, body.length, 0, "", 0, 0);
        System.arraycopy("ustar  \0".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 8); // GNU magic
        checksum(header);
        return entry(header, body);
    }

    public RawTar end() {
        out.writeBytes(new byte[2 * BLOCK]);
        return this;
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    private void pad(int length) {
        int rest = length % BLOCK;
        if (rest != 0) {
            out.writeBytes(new byte[BLOCK - rest]);
        }
    }

    private static void put(byte[] block, int offset, int length, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, block, offset, Math.min(length, bytes.length));
    }

    private static void octal(byte[] block, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        String padded = "0".repeat(Math.max(0, length - 1 - digits.length())) + digits;
        System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, block, offset, length - 1);
    }
}
