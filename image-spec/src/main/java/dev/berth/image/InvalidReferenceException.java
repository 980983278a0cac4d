package dev.berth.image;

/**
 * A string that is not a valid image reference. The message is the one Docker prints for the
 * same input (distribution/reference's errors), e.g. "invalid reference format" or
 * "invalid reference format: repository name (library/BusyBox) must be lowercase".
 */
public class InvalidReferenceException extends IllegalArgumentException {
    public static final String INVALID_FORMAT = "invalid reference format";
    public static final String NAME_EMPTY = "repository name must have at least one component";
    public static final String NAME_CONTAINS_UPPERCASE = "repository name must be lowercase";
    public static final String NAME_TOO_LONG = "repository name must not be more than "
            + ReferenceGrammar.NAME_TOTAL_LENGTH_MAX + " characters";
    public static final String TAG_INVALID_FORMAT = "invalid tag format";

    public InvalidReferenceException(String message) {
        super(message);
    }

    public InvalidReferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
