package dev.berth.dockerfile.syntax;

/** A Dockerfile that buildkit's line parser rejects; the message is Docker's, the lines where. */
public class SyntaxException extends Exception {
    private final int startLine;
    private final int endLine;

    public SyntaxException(String message) {
        this(message, 0, 0);
    }

    public SyntaxException(String message, int startLine, int endLine) {
        super(message);
        this.startLine = startLine;
        this.endLine = endLine;
    }

    SyntaxException at(int start, int end) {
        return startLine > 0 ? this : new SyntaxException(getMessage(), start, Math.max(start, end));
    }

    public int startLine() {
        return startLine;
    }

    public int endLine() {
        return endLine;
    }
}
