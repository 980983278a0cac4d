package dev.berth.gateway.api;

/**
 * An error the Docker Engine API reports to its client: an HTTP status and Docker's own words,
 * rendered as {"message": "..."}. Domain code throws it; the HTTP layer renders it.
 */
public class DockerApiException extends RuntimeException {
    private final int status;

    public DockerApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public DockerApiException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static DockerApiException badRequest(String message) {
        return new DockerApiException(400, message);
    }

    public static DockerApiException notFound(String message) {
        return new DockerApiException(404, message);
    }

    public static DockerApiException noSuchContainer(String ref) {
        return new DockerApiException(404, "No such container: " + ref);
    }

    public static DockerApiException noSuchImage(String ref) {
        return new DockerApiException(404, "No such image: " + ref);
    }

    public static DockerApiException conflict(String message) {
        return new DockerApiException(409, message);
    }

    public static DockerApiException notModified() {
        return new DockerApiException(304, "");
    }

    public static DockerApiException serverError(String message, Throwable cause) {
        return new DockerApiException(500, message, cause);
    }
}
