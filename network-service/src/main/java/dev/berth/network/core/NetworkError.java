package dev.berth.network.core;

/** A request the service refuses, with the kind of refusal the gRPC layer turns into a status code. */
public final class NetworkError extends RuntimeException {
    public enum Kind { INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, FAILED_PRECONDITION, RESOURCE_EXHAUSTED, PERMISSION_DENIED }

    private final Kind kind;

    private NetworkError(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static NetworkError invalidArgument(String message) {
        return new NetworkError(Kind.INVALID_ARGUMENT, message);
    }

    public static NetworkError notFound(String message) {
        return new NetworkError(Kind.NOT_FOUND, message);
    }

    public static NetworkError alreadyExists(String message) {
        return new NetworkError(Kind.ALREADY_EXISTS, message);
    }

    public static NetworkError failedPrecondition(String message) {
        return new NetworkError(Kind.FAILED_PRECONDITION, message);
    }

    public static NetworkError permissionDenied(String message) {
        return new NetworkError(Kind.PERMISSION_DENIED, message);
    }

    public static NetworkError resourceExhausted(String message) {
        return new NetworkError(Kind.RESOURCE_EXHAUSTED, message);
    }
}
