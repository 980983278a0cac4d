package dev.berth.gateway.build;

/**
 * A build stopped with Docker's message: the build stream ends with it as {"errorDetail": ...}
 * (with {@code code}, a RUN's exit status, when not 0).
 */
public final class BuildFailure extends RuntimeException {
    private final int code;

    public BuildFailure(String message) {
        this(message, 0);
    }

    public BuildFailure(String message, int code) {
        super(message);
        this.code = code;
    }

    public BuildFailure(String message, Throwable cause) {
        super(message, cause);
        this.code = 0;
    }

    public int code() {
        return code;
    }
}
