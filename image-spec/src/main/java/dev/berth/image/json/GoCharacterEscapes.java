package dev.berth.image.json;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * Escapes strings as Go's encoding/json does by default: besides control characters, it writes
 * {@code < > &} and U+2028/U+2029 as {@code \u003c}-style escapes (lowercase hex), so a shell
 * command with {@code &&} in a config's history comes out byte-for-byte as Docker writes it.
 */
final class GoCharacterEscapes extends CharacterEscapes {
    private final int[] asciiEscapes;

    GoCharacterEscapes() {
        asciiEscapes = CharacterEscapes.standardAsciiEscapesForJSON();
        asciiEscapes['<'] = ESCAPE_CUSTOM;
        asciiEscapes['>'] = ESCAPE_CUSTOM;
        asciiEscapes['&'] = ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return asciiEscapes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        return switch (ch) {
            case '<', '>', '&', 0x2028, 0x2029 -> new SerializedString(String.format("\\u%04x", ch));
            default -> null;
        };
    }
}
