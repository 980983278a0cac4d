package dev.berth.registry;

import java.io.IOException;
import java.util.List;

/**
 * A registry operation that failed, worded as Docker words it, with what kind of failure it was
 * so callers can map it (a gateway: 404 for {@link Kind#NOT_FOUND}, 401 for {@link Kind#UNAUTHORIZED}...).
 * It is an IOException: every failure of a registry call, network or protocol, is one family.
 */
public class RegistryException extends IOException {

    public enum Kind {
        /** The manifest, blob or repository is not there (404, MANIFEST_UNKNOWN, BLOB_UNKNOWN, NAME_UNKNOWN). */
        NOT_FOUND,
        /** No or wrong credentials (401, UNAUTHORIZED). */
        UNAUTHORIZED,
        /** Authenticated but not allowed (403, DENIED). */
        DENIED,
        /** The registry could not be reached (connection refused, DNS, TLS, timeout). */
        UNREACHABLE,
        /** Content that does not match its digest or size, or an unusable answer. */
        INVALID_CONTENT,
        /** Rate limited (429). */
        TOO_MANY_REQUESTS,
        /** Any other error answer of the registry. */
        REGISTRY_ERROR
    }

    private final Kind kind;
    private final int statusCode;
    private final List<RegistryError> errors;

    public RegistryException(Kind kind, String message) {
        this(kind, 0, List.of(), message, null);
    }

    public RegistryException(Kind kind, String message, Throwable cause) {
        this(kind, 0, List.of(), message, cause);
    }

    public RegistryException(Kind kind, int statusCode, List<RegistryError> errors, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.statusCode = statusCode;
        this.errors = List.copyOf(errors);
    }

    /** An error answer of the registry, with Docker's message for its errors. */
    public static RegistryException fromErrors(Kind kind, int statusCode, List<RegistryError> errors) {
        return new RegistryException(kind, statusCode, errors, describe(errors), null);
    }

    /**
     * The first error's words: Docker's pull and push report the first of a registry's errors
     * (moby's {@code retryOnError} and {@code translatePullError}); the others stay in {@link #errors()}.
     */
    public static String describe(List<RegistryError> errors) {
        return errors.getFirst().toString();
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status of the registry's answer, or 0 when there was none. */
    public int statusCode() {
        return statusCode;
    }

    /** The registry's parsed errors, empty when it gave none. */
    public List<RegistryError> errors() {
        return errors;
    }

    public boolean hasErrorCode(String code) {
        return errors.stream().anyMatch(e -> e.code().equals(code));
    }

    /** The same failure with a message that adds context ahead of the registry's words. */
    public RegistryException withMessage(String message) {
        RegistryException e = new RegistryException(kind, statusCode, errors, message, getCause());
        e.setStackTrace(getStackTrace());
        return e;
    }
}
