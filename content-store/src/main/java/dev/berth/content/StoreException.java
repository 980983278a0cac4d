package dev.berth.content;

/**
 * A refused request, with the kind of refusal that maps to a gRPC status code. Messages follow
 * containerd's errdefs wording: {@code content sha256:...: already exists}.
 */
public final class StoreException extends RuntimeException {
    public enum Kind {
        NOT_FOUND("not found"),
        ALREADY_EXISTS("already exists"),
        FAILED_PRECONDITION("failed precondition"),
        INVALID_ARGUMENT("invalid argument"),
        OUT_OF_RANGE("out of range"),
        UNAVAILABLE("unavailable"),
        NOT_IMPLEMENTED("not implemented");

        private final String suffix;

        Kind(String suffix) {
            this.suffix = suffix;
        }
    }

    private final Kind kind;

    private StoreException(Kind kind, String what) {
        super(what + ": " + kind.suffix);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static StoreException notFound(String what) {
        return new StoreException(Kind.NOT_FOUND, what);
    }

    public static StoreException alreadyExists(String what) {
        return new StoreException(Kind.ALREADY_EXISTS, what);
    }

    public static StoreException failedPrecondition(String what) {
        return new StoreException(Kind.FAILED_PRECONDITION, what);
    }

    public static StoreException invalidArgument(String what) {
        return new StoreException(Kind.INVALID_ARGUMENT, what);
    }

    public static StoreException outOfRange(String what) {
        return new StoreException(Kind.OUT_OF_RANGE, what);
    }

    public static StoreException notImplemented(String what) {
        return new StoreException(Kind.NOT_IMPLEMENTED, what);
    }

    public static StoreException unavailable(String what) {
        return new StoreException(Kind.UNAVAILABLE, what);
    }
}
