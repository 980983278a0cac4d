package dev.berth.dockerfile;

/**
 * A Dockerfile Docker would refuse. The message is the text Docker's engine answers POST /build
 * with (the docker CLI prints it after "Error response from daemon: "), e.g.
 * {@code dockerfile parse error line 3: unknown instruction: FOO}.
 */
public class DockerfileException extends Exception {
    private final int line;

    public DockerfileException(String message, int line) {
        super(message);
        this.line = line;
    }

    /** 1-based line the error is about, 0 when it is not about one line. */
    public int line() {
        return line;
    }
}
