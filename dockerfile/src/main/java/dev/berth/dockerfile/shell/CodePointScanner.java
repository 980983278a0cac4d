package dev.berth.dockerfile.shell;

/** Go's text/scanner Next/Peek over code points, EOF as -1. */
final class CodePointScanner {
    static final int EOF = -1;
    private final String text;
    private int pos;

    CodePointScanner(String text) {
        this.text = text;
    }

    int peek() {
        return pos < text.length() ? text.codePointAt(pos) : EOF;
    }

    int next() {
        if (pos >= text.length()) return EOF;
        int cp = text.codePointAt(pos);
        pos += Character.charCount(cp);
        return cp;
    }
}
