package dev.berth.gateway.container.runtime;

import dev.berth.gateway.api.DockerApiException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Peer services' gRPC statuses in the Docker API's terms. */
final class GrpcErrors {
    private GrpcErrors() {}

    static DockerApiException toDocker(String what, StatusRuntimeException e) {
        String detail = e.getStatus().getDescription() == null ? e.getStatus().getCode().name() : e.getStatus().getDescription();
        String message = what + ": " + detail;
        return switch (e.getStatus().getCode()) {
            case NOT_FOUND -> new DockerApiException(404, message, e);
            case INVALID_ARGUMENT -> new DockerApiException(400, message, e);
            case ALREADY_EXISTS, FAILED_PRECONDITION -> new DockerApiException(409, message, e);
            default -> new DockerApiException(500, message, e);
        };
    }

    static boolean is(Throwable e, Status.Code code) {
        return e instanceof StatusRuntimeException s && s.getStatus().getCode() == code;
    }

    static String description(StatusRuntimeException e) {
        String description = e.getStatus().getDescription();
        return description == null || description.isEmpty() ? e.getStatus().getCode().name() : description;
    }
}
