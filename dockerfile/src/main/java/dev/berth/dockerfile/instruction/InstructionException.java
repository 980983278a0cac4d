package dev.berth.dockerfile.instruction;

/**
 * An instruction Docker refuses; the message is Docker's inner message (e.g. "unknown
 * instruction: FOO"), which {@code Dockerfile} prefixes with "dockerfile parse error line N: ".
 */
public class InstructionException extends Exception {
    private final int line;
    private final boolean parseError;

    public InstructionException(String message, int line) {
        this(message, line, true);
    }

    /** @param parseError false for refusals Docker reports without the "dockerfile parse error" prefix */
    public InstructionException(String message, int line, boolean parseError) {
        super(message);
        this.line = line;
        this.parseError = parseError;
    }

    public boolean parseError() {
        return parseError;
    }

    /** 1-based first line of the instruction, 0 when unknown. */
    public int line() {
        return line;
    }
}
