package dev.berth.shim.task;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** The gRPC statuses of the Task API, in containerd's and Docker's words. */
public final class Errors {
    private Errors() {}

    public static StatusRuntimeException notFound(String message) {
        return Status.NOT_FOUND.withDescription(message).asRuntimeException();
    }

    public static StatusRuntimeException containerNotFound(String id) {
        return notFound("container " + id + " not found");
    }

    public static StatusRuntimeException execNotFound(String id, String execId) {
        return notFound("exec " + execId + " not found in container " + id);
    }

    public static StatusRuntimeException failedPrecondition(String message) {
        return Status.FAILED_PRECONDITION.withDescription(message).asRuntimeException();
    }

    public static StatusRuntimeException notRunning(String id) {
        return failedPrecondition("container " + id + " is not running");
    }

    public static StatusRuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }

    public static StatusRuntimeException alreadyExists(String message) {
        return Status.ALREADY_EXISTS.withDescription(message).asRuntimeException();
    }

    public static StatusRuntimeException internal(String message) {
        return Status.INTERNAL.withDescription(message).asRuntimeException();
    }

    /** The same rule runc applies to container ids; exec ids follow it too. */
    public static void requireValidId(String what, String id) {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9_.+-]{0,127}")) {
            throw invalid(what + " \"" + id + "\" is not valid");
        }
    }
}
