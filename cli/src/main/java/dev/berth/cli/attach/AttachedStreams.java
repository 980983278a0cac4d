package dev.berth.cli.attach;

import dev.berth.cli.http.HijackedConnection;
import dev.berth.cli.io.StreamDemultiplexer;
import dev.berth.cli.terminal.Terminal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Copies a hijacked attach or exec connection as docker's hijackedIOStreamer does: output
 * (raw with a TTY, demultiplexed without) until the daemon ends it; stdin to the connection,
 * half-closed at its end. With a TTY and stdin, the terminal is raw meanwhile and the detach
 * sequence ends the session at once.
 */
public final class AttachedStreams {
    private enum Event { OUTPUT_DONE, INPUT_DONE, DETACHED }

    private final HijackedConnection connection;
    private final boolean tty;
    private final InputStream stdin;
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final byte[] detachKeys;
    private final Terminal terminal;

    /**
     * @param stdin null when stdin is not attached
     * @param stdout null when stdout is not attached
     * @param stderr null when stderr is not attached
     */
    public AttachedStreams(HijackedConnection connection, boolean tty, InputStream stdin, OutputStream stdout,
                           OutputStream stderr, byte[] detachKeys, Terminal terminal) {
        this.connection = connection;
        this.tty = tty;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.detachKeys = detachKeys;
        this.terminal = terminal;
    }

    /** @return true when the user detached with the escape sequence, false when the output ended */
    public boolean stream() throws IOException {
        Terminal.RawMode raw = stdin != null && tty ? terminal.makeRaw() : () -> { };
        try {
            BlockingQueue<Event> events = new LinkedBlockingQueue<>();
            boolean copiesOutput = stdout != null || stderr != null;
            if (copiesOutput) {
                start("attach-output", () -> {
                    copyOutput(raw);
                    events.add(Event.OUTPUT_DONE);
                });
            }
            start("attach-input", () -> events.add(copyInput(raw)));
            while (true) {
                Event event = take(events);
                switch (event) {
                    case OUTPUT_DONE -> {
                        return false;
                    }
                    case DETACHED -> {
                        return true;
                    }
                    case INPUT_DONE -> {
                        if (!copiesOutput) {
                            return false;
                        }
                    }
                }
            }
        } finally {
            raw.close();
        }
    }

    private void copyOutput(Terminal.RawMode raw) {
        try {
            if (tty && stdout != null) {
                StreamDemultiplexer.copyRaw(connection.input(), stdout);
                // restore at once, so what is printed next looks normal
                raw.close();
            } else {
                StreamDemultiplexer.copy(connection.input(), orNull(stdout), orNull(stderr));
            }
        } catch (IOException e) {
            // the daemon closing the stream ends the output; the exit status still counts
        }
    }

    private Event copyInput(Terminal.RawMode raw) {
        if (stdin != null) {
            InputStream in = tty ? new EscapeProxyInputStream(stdin, detachKeys) : stdin;
            try {
                OutputStream out = connection.output();
                byte[] buffer = new byte[8192];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
            } catch (DetachedException e) {
                raw.close();
                return Event.DETACHED;
            } catch (IOException e) {
                // the container went away first: the output side reports the end
            }
            raw.close();
        }
        try {
            connection.closeWrite();
        } catch (IOException e) {
            // the connection is gone already
        }
        return Event.INPUT_DONE;
    }

    private static OutputStream orNull(OutputStream out) {
        return out != null ? out : OutputStream.nullOutputStream();
    }

    private static void start(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static Event take(BlockingQueue<Event> events) throws IOException {
        try {
            return events.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while attached", e);
        }
    }
}
