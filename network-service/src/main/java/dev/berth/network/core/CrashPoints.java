package dev.berth.network.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named places in the middle of a change where a test can freeze the service, to kill it there.
 * The service writes {@code <root>/paused-at-<name>} and waits forever. Only the crash tests' own
 * main (test sources, {@code PausingNetworkMain}) sets a point; the shipped programs use
 * {@link #NONE}, which does nothing.
 */
public final class CrashPoints {
    public static final CrashPoints NONE = new CrashPoints("", Path.of("."));
    /** Attach: the endpoint is recorded (pending) and the kernel work done, the completion not yet recorded. */
    public static final String ATTACH_CONNECTED = "attach-connected";
    private static final Logger LOG = LoggerFactory.getLogger(CrashPoints.class);

    private final String pauseAt;
    private final Path root;

    public CrashPoints(String pauseAt, Path root) {
        this.pauseAt = pauseAt;
        this.root = root;
    }

    public void reach(String point) {
        if (!point.equals(pauseAt)) {
            return;
        }
        LOG.warn("pausing at {} for a crash test", point);
        try {
            Files.writeString(root.resolve("paused-at-" + point), "");
            Thread.sleep(Long.MAX_VALUE);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("pause at " + point + " ended: " + e);
        }
    }
}
