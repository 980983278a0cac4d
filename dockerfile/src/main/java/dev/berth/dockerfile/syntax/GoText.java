package dev.berth.dockerfile.syntax;

/**
 * The few Go string primitives whose exact behaviour Docker's messages and splitting depend on
 * ({@code unicode.IsSpace}, {@code strings.TrimSpace}, {@code strconv.Quote}).
 */
public final class GoText {
    private GoText() {}

    /** Go's {@code unicode.IsSpace}: Latin-1 spaces plus the Unicode White_Space separators. */
    public static boolean isSpace(int cp) {
        if (cp <= 0xFF) {
            return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x85 || cp == 0xA0;
        }
        return Character.isSpaceChar(cp);
    }

    public static String trimSpace(String s) {
        return trimRightSpace(trimLeftSpace(s));
    }

    public static String trimLeftSpace(String s) {
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (!isSpace(cp)) break;
            i += Character.charCount(cp);
        }
        return s.substring(i);
    }

    public static String trimRightSpace(String s) {
        int end = s.length();
        while (end > 0) {
            int cp = s.codePointBefore(end);
            if (!isSpace(cp)) break;
            end -= Character.charCount(cp);
        }
        return s.substring(0, end);
    }

    /** Go's {@code strconv.Quote} (and {@code %q}), as Docker's error messages print values. */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case 7 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 11 -> out.append("\\v");
                default -> {
                    if (cp < 0x20 || cp == 0x7F) {
                        out.append(String.format("\\x%02x", cp));
                    } else if (!isPrintable(cp)) {
                        out.append(cp > 0xFFFF ? String.format("\\U%08x", cp) : String.format("\\u%04x", cp));
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    private static boolean isPrintable(int cp) {
        if (cp == ' ') return true;
        int type = Character.getType(cp);
        return !(type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                || type == Character.SURROGATE || type == Character.PRIVATE_USE
                || type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR);
    }

    /** Splits on runs of Docker's {@code [\t\v\f\r ]+}, at most {@code limit} parts (limit < 1: all). */
    public static java.util.List<String> splitWhitespace(String s, int limit) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < s.length()) {
            if (limit > 0 && parts.size() == limit - 1) break;
            if (isAsciiBlank(s.charAt(i))) {
                int end = i;
                while (i < s.length() && isAsciiBlank(s.charAt(i))) i++;
                parts.add(s.substring(start, end));
                start = i;
            } else {
                i++;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    static boolean isAsciiBlank(char c) {
        return c == ' ' || c == '\t' || c == 11 || c == '\f' || c == '\r';
    }
}
