package dev.berth.snapshot.tar;

import static dev.berth.snapshot.Errdefs.invalidArgument;

/** The numeric fields of tar headers: octal (ustar) or base-256 (GNU), and the header checksum. */
final class TarNumbers {
    private TarNumbers() {}

    /** Parses a field: base-256 when its first byte has the high bit set, else octal padded by spaces or NULs. */
    static long parse(byte[] block, int offset, int length, String field) {
        if ((block[offset] & 0x80) != 0) {
            return base256(block, offset, length, field);
        }
        long value = 0;
        boolean digits = false;
        for (int i = offset; i < offset + length; i++) {
            byte b = block[i];
            if (b == 0 || b == ' ') {
                if (digits) {
                    break; // the value ends at its terminator
                }
                continue; // leading padding
            }
            if (b < '0' || b > '7') {
                throw invalidArgument("invalid tar header: " + field + " is not an octal number");
            }
            digits = true;
            value = (value << 3) | (b - '0');
        }
        return value;
    }

    private static long base256(byte[] block, int offset, int length, String field) {
        boolean negative = (block[offset] & 0x40) != 0;
        long value = negative ? -1 : 0;
        for (int i = offset; i < offset + length; i++) {
            int b = block[i] & 0xff;
            if (i == offset) {
                b &= 0x7f;
                if (negative) {
                    b |= 0x80;
                }
            }
            if (i - offset < length - 8 && b != (negative ? 0xff : 0)) {
                throw invalidArgument("invalid tar header: " + field + " overflows 64 bits");
            }
            value = (value << 8) | b;
        }
        return value;
    }

    /** Checks the header checksum, signed or unsigned (old writers used signed bytes). */
    static void verifyChecksum(byte[] block) {
        long expected = parse(block, 148, 8, "checksum");
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < block.length; i++) {
            int b = i >= 148 && i < 156 ? ' ' : block[i];
            unsigned += b & 0xff;
            signed += (byte) b;
        }
        if (expected != unsigned && expected != signed) {
            throw invalidArgument("invalid tar header: checksum mismatch (not a tar stream, or a corrupt one)");
        }
    }
}
