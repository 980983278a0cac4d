package dev.berth.snapshot.tar;

import java.nio.charset.StandardCharsets;

/** NUL-terminated string fields of tar headers. */
final class TarStrings {
    private TarStrings() {}

    /** The bytes of a field up to its first NUL, as UTF-8 (names in layers are UTF-8 in practice). */
    static String field(byte[] block, int offset, int length) {
        int end = offset;
        while (end < offset + length && block[end] != 0) {
            end++;
        }
        return new String(block, offset, end - offset, StandardCharsets.UTF_8);
    }
}
