package dev.berth.dockerfile.shell;

/** A word Docker's shell lexer refuses, e.g. {@code failed to process "${a": syntax error: missing '}'}. */
public class SubstitutionException extends Exception {
    public SubstitutionException(String message) {
        super(message);
    }
}
