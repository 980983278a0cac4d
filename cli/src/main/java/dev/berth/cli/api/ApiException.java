package dev.berth.cli.api;

/** The daemon answered with an error status; message is its {"message": ...}. */
public final class ApiException extends Exception {
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public boolean notFound() {
        return status == 404;
    }

    /** As docker prints it. */
    public String display() {
        return "Error response from daemon: " + getMessage();
    }
}
