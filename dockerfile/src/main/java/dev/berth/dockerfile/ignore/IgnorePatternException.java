package dev.berth.dockerfile.ignore;

/** A .dockerignore pattern Docker refuses ("syntax error in pattern", "illegal exclusion pattern: \"!\""). */
public class IgnorePatternException extends Exception {
    public IgnorePatternException(String message) {
        super(message);
    }
}
