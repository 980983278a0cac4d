package dev.berth.dockerfile.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * The two word splitters of buildkit's parser: {@link #split} (parseWords, quotes and escapes kept
 * for the later variable substitution) and {@link #extractFlags} (extractBuilderFlags, which
 * removes quotes and backslash escapes from the leading {@code --flags}).
 */
public final class Words {
    private Words() {}

    private enum Phase { SPACES, WORD, QUOTE }

    /** buildkit's parseWords: whitespace-separated words; quotes and escapes stay in the words. */
    public static List<String> split(String rest, int escapeToken) {
        List<String> words = new ArrayList<>();
        Phase phase = Phase.SPACES;
        StringBuilder word = new StringBuilder();
        int quote = 0;
        boolean blankOk = false;
        int pos = 0;
        int len = rest.length();
        while (true) {
            int ch = pos < len ? rest.codePointAt(pos) : -1;
            int width = pos < len ? Character.charCount(ch) : 1;
            if (phase == Phase.SPACES) {
                if (pos >= len) break;
                if (GoText.isSpace(ch)) {
                    pos += width;
                    continue;
                }
                phase = Phase.WORD;
            }
            if (pos >= len) {
                if (blankOk || !word.isEmpty()) words.add(word.toString());
                break;
            }
            if (phase == Phase.WORD) {
                if (GoText.isSpace(ch)) {
                    phase = Phase.SPACES;
                    if (blankOk || !word.isEmpty()) words.add(word.toString());
                    word.setLength(0);
                    blankOk = false;
                    pos += width;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOk = true;
                    phase = Phase.QUOTE;
                }
                if (ch == escapeToken) {
                    if (pos + width == len) {
                        pos += width; // an escape token at the end of the line is dropped
                        continue;
                    }
                    // unquoted escape: keep it and the next character, even a quote
                    word.appendCodePoint(ch);
                    pos += width;
                    ch = rest.codePointAt(pos);
                    width = Character.charCount(ch);
                }
                word.appendCodePoint(ch);
                pos += width;
                continue;
            }
            // Phase.QUOTE
            if (ch == quote) phase = Phase.WORD;
            if (ch == escapeToken && quote != '\'') {
                if (pos + width == len) {
                    phase = Phase.WORD;
                    pos += width;
                    continue;
                }
                word.appendCodePoint(ch);
                pos += width;
                ch = rest.codePointAt(pos);
                width = Character.charCount(ch);
            }
            word.appendCodePoint(ch);
            pos += width;
        }
        return words;
    }

    /** The leading {@code --flag} words of an instruction's arguments and the remaining text. */
    public record FlagsAndRest(List<String> flags, String rest) {}

    /**
     * buildkit's extractBuilderFlags: reads words while they start with "--"; "--" alone ends the
     * flags. Works byte-wise with backslash (never the escape directive), as Docker does.
     */
    public static FlagsAndRest extractFlags(String line) {
        List<String> words = new ArrayList<>();
        Phase phase = Phase.SPACES;
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean blankOk = false;
        int len = line.length();
        for (int pos = 0; pos <= len; pos++) {
            char ch = pos < len ? line.charAt(pos) : 0;
            if (phase == Phase.SPACES) {
                if (pos == len) break;
                if (GoText.isSpace(ch)) continue;
                if (ch != '-' || pos + 1 == len || line.charAt(pos + 1) != '-') {
                    return new FlagsAndRest(words, line.substring(pos));
                }
                phase = Phase.WORD;
            }
            if (pos == len) {
                if (!word.toString().equals("--") && (blankOk || !word.isEmpty())) words.add(word.toString());
                break;
            }
            if (phase == Phase.WORD) {
                if (GoText.isSpace(ch)) {
                    phase = Phase.SPACES;
                    if (word.toString().equals("--")) return new FlagsAndRest(words, line.substring(pos));
                    if (blankOk || !word.isEmpty()) words.add(word.toString());
                    word.setLength(0);
                    blankOk = false;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOk = true;
                    phase = Phase.QUOTE;
                    continue;
                }
                if (ch == '\\') {
                    if (pos + 1 == len) continue;
                    ch = line.charAt(++pos);
                }
                word.append(ch);
                continue;
            }
            if (ch == quote) {
                phase = Phase.WORD;
                continue;
            }
            if (ch == '\\') {
                if (pos + 1 == len) {
                    phase = Phase.WORD;
                    continue;
                }
                ch = line.charAt(++pos);
            }
            word.append(ch);
        }
        return new FlagsAndRest(words, "");
    }
}
