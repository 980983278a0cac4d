package dev.berth.snapshot;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** The error kinds containerd's errdefs maps to gRPC codes, with containerd's wording. */
public final class Errdefs {
    private Errdefs() {}

    public static StatusRuntimeException notFound(String message) {
        return Status.NOT_FOUND.withDescription(message + ": not found").asRuntimeException();
    }

    public static StatusRuntimeException alreadyExists(String message) {
        return Status.ALREADY_EXISTS.withDescription(message + ": already exists").asRuntimeException();
    }

    public static StatusRuntimeException failedPrecondition(String message) {
        return Status.FAILED_PRECONDITION.withDescription(message + ": failed precondition").asRuntimeException();
    }

    public static StatusRuntimeException invalidArgument(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message + ": invalid argument").asRuntimeException();
    }

    public static StatusRuntimeException unimplemented(String message) {
        return Status.UNIMPLEMENTED.withDescription(message + ": not implemented").asRuntimeException();
    }
}
