package dev.berth.gateway.container.runtime;

import dev.berth.gateway.api.DockerApiException;
import io.grpc.StatusRuntimeException;

/**
 * A failed start in Docker's terms (moby's translateContainerdStartErr): a command that does
 * not exist is the client's mistake (400, exit code 127), one that cannot be executed too
 * (400, 126); anything else is the engine's (500, 128). runc's own words are kept.
 */
record StartFailure(DockerApiException error, int exitCode) {
    static final int EXIT_NOT_FOUND = 127;
    static final int EXIT_NOT_EXECUTABLE = 126;
    static final int EXIT_UNKNOWN = 128;
    private static final String PREFIX = "failed to create task for container: ";

    static StartFailure of(Throwable cause) {
        if (cause instanceof DockerApiException docker) {
            return new StartFailure(docker, EXIT_UNKNOWN);
        }
        String message = cause instanceof StatusRuntimeException grpc ? GrpcErrors.description(grpc) : String.valueOf(cause.getMessage());
        if (!message.startsWith("failed to create task")) {
            message = PREFIX + message;
        }
        if (message.contains("executable file not found") || message.contains("no such file or directory")) {
            return new StartFailure(new DockerApiException(400, message, cause), EXIT_NOT_FOUND);
        }
        if (message.contains("permission denied")) {
            return new StartFailure(new DockerApiException(400, message, cause), EXIT_NOT_EXECUTABLE);
        }
        return new StartFailure(new DockerApiException(500, message, cause), EXIT_UNKNOWN);
    }
}
