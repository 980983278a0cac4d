package dev.berth.dockerfile.ignore;

/**
 * The syntax check Docker gets from Go's {@code filepath.Match(pattern, ".")}: character classes
 * must be closed and non-empty, a range item may not start with '-' or ']', and a pattern may not
 * end with a lone backslash.
 */
final class GlobSyntax {
    static final String BAD_PATTERN = "syntax error in pattern";

    private GlobSyntax() {}

    static boolean isValid(String pattern) {
        int i = 0;
        int n = pattern.length();
        while (i < n) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                if (i + 1 >= n) return false;
                i += 2;
            } else if (c == '[') {
                i = classEnd(pattern, i + 1);
                if (i < 0) return false;
            } else {
                i++;
            }
        }
        return true;
    }

    /** Index after the class starting at {@code i} (just after '['), or -1 if malformed. */
    private static int classEnd(String p, int i) {
        if (i < p.length() && p.charAt(i) == '^') i++;
        int ranges = 0;
        while (true) {
            if (i < p.length() && p.charAt(i) == ']' && ranges > 0) return i + 1;
            i = escapedChar(p, i);
            if (i < 0) return -1;
            if (p.charAt(i) == '-') {
                i = escapedChar(p, i + 1);
                if (i < 0) return -1;
            }
            ranges++;
        }
    }

    /** Go's getEsc: one (possibly escaped) class character; something must follow it. */
    private static int escapedChar(String p, int i) {
        if (i >= p.length() || p.charAt(i) == '-' || p.charAt(i) == ']') return -1;
        if (p.charAt(i) == '\\') {
            i++;
            if (i >= p.length()) return -1;
        }
        i += Character.charCount(p.codePointAt(i));
        return i < p.length() ? i : -1;
    }
}
