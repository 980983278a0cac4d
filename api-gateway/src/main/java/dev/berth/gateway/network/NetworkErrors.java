package dev.berth.gateway.network;

import dev.berth.gateway.api.DockerApiException;
import io.grpc.StatusRuntimeException;

/** The network service's gRPC statuses in Docker's statuses and words. */
public final class NetworkErrors {
    private NetworkErrors() {}

    public static String description(StatusRuntimeException e) {
        String d = e.getStatus().getDescription();
        return d == null || d.isEmpty() ? e.getStatus().getCode().name() : d;
    }

    public static boolean notFound(StatusRuntimeException e) {
        return e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND;
    }

    /** 404 "network x not found", as Docker says it, whatever the service's own words. */
    public static DockerApiException networkNotFound(String nameOrId) {
        return DockerApiException.notFound("network " + nameOrId + " not found");
    }

    /** CreateNetwork's failures. */
    public static DockerApiException create(String name, StatusRuntimeException e) {
        String detail = description(e);
        return switch (e.getStatus().getCode()) {
            case ALREADY_EXISTS -> new DockerApiException(409, "network with name " + name + " already exists", e);
            case INVALID_ARGUMENT -> new DockerApiException(400, detail, e);
            // moby's ipam answers an overlap with a Forbidden error
            case FAILED_PRECONDITION -> new DockerApiException(403,
                    detail.toLowerCase().contains("overlap") ? "Pool overlaps with other one on this address space" : detail, e);
            case RESOURCE_EXHAUSTED -> new DockerApiException(400,
                    "could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network", e);
            default -> new DockerApiException(500, detail, e);
        };
    }

    /** Any other call: the status's usual meaning, the service's words. */
    public static DockerApiException other(String what, StatusRuntimeException e) {
        String message = what == null ? description(e) : what + ": " + description(e);
        return switch (e.getStatus().getCode()) {
            case NOT_FOUND -> new DockerApiException(404, message, e);
            case INVALID_ARGUMENT -> new DockerApiException(400, message, e);
            case PERMISSION_DENIED -> new DockerApiException(403, message, e);
            case ALREADY_EXISTS, FAILED_PRECONDITION -> new DockerApiException(403, message, e);
            default -> new DockerApiException(500, message, e);
        };
    }
}
