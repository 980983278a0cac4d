package dev.berth.cli.attach;

import dev.berth.cli.api.ApiException;
import dev.berth.cli.api.EngineClient;
import dev.berth.cli.api.Query;
import dev.berth.cli.terminal.Terminal;
import java.io.IOException;
import java.io.PrintStream;

/**
 * Keeps a container's (or exec's) TTY the size of the user's window, as docker's
 * MonitorTtySize: the size now (retried a few times, for a process that is still starting),
 * then again at every SIGWINCH.
 */
public final class TtyResizer implements AutoCloseable {
    private static final int RETRIES = 10;
    private final EngineClient client;
    private final String resizePath;
    private final Terminal terminal;
    private final PrintStream err;
    private Terminal.Subscription subscription;

    private TtyResizer(EngineClient client, String resizePath, Terminal terminal, PrintStream err) {
        this.client = client;
        this.resizePath = resizePath;
        this.terminal = terminal;
        this.err = err;
    }

    /** For POST /containers/{id}/resize. */
    public static TtyResizer forContainer(EngineClient client, String id, Terminal terminal, PrintStream err) {
        return new TtyResizer(client, "/containers/" + id + "/resize", terminal, err);
    }

    /** For POST /exec/{id}/resize. */
    public static TtyResizer forExec(EngineClient client, String execId, Terminal terminal, PrintStream err) {
        return new TtyResizer(client, "/exec/" + execId + "/resize", terminal, err);
    }

    /**
     * Resizes to one row and column more than the window first (docker attach does, so that a
     * shell redraws its prompt on re-attach), then follows the window.
     */
    public TtyResizer bumpThenMonitor() {
        Terminal.Size size = terminal.size();
        if (size != null) {
            resizeTo(size.rows() + 1, size.columns() + 1);
        }
        return monitor();
    }

    /** Sends the window's size now and whenever it changes, until closed. */
    public TtyResizer monitor() {
        // listening first: a change while the first size is on its way is not lost
        subscription = terminal.onResize(() -> Thread.ofVirtual().start(this::resize));
        if (!resize()) {
            Thread.ofVirtual().start(this::retry);
        }
        return this;
    }

    private void retry() {
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            try {
                Thread.sleep((attempt + 1) * 10L);
            } catch (InterruptedException e) {
                return;
            }
            if (resize()) {
                return;
            }
        }
        err.println("failed to resize tty, using default size");
    }

    /** @return false when the daemon refused; a terminal without size counts as done */
    private boolean resize() {
        Terminal.Size size = terminal.size();
        return size == null || resizeTo(size.rows(), size.columns());
    }

    private boolean resizeTo(int rows, int columns) {
        if (rows == 0 && columns == 0) {
            return true;
        }
        try {
            client.post(resizePath, Query.of().add("h", Integer.toString(rows)).add("w", Integer.toString(columns)), null);
            return true;
        } catch (IOException | ApiException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
    }
}
