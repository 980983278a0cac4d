package dev.berth.cli.build;

import dev.berth.cli.format.Humanize;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * docker's progress reader over the context as it is sent: "Sending build context to Docker
 * daemon  2.048kB". Without a terminal only the final count is printed, when the body has been
 * read to its end ("\r", then docker's extra "\r\n"); on a terminal the line is also redrawn
 * every 512 kB, at most ten times a second.
 */
public final class UploadProgress extends FilterInputStream {
    static final String ACTION = "Sending build context to Docker daemon";
    private static final long UPDATE_EVERY = 512 * 1024;
    private static final long MIN_INTERVAL_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private long current;
    private long lastUpdate;
    private long lastPrinted = Long.MIN_VALUE;
    private boolean finished;

    public UploadProgress(InputStream in, PrintStream out, boolean terminal) {
        super(in);
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            current += n;
            if (current - lastUpdate > UPDATE_EVERY) {
                update(false);
                lastUpdate = current;
            }
        } else if (n < 0 && !finished) {
            finished = true;
            update(true);
        }
        return n;
    }

    private void update(boolean last) {
        if (!last && !terminal) {
            return; // docker's lastProgressOutput
        }
        long now = System.nanoTime();
        if (!last && lastPrinted != Long.MIN_VALUE && now - lastPrinted < MIN_INTERVAL_NANOS) {
            return;
        }
        lastPrinted = now;
        out.print(line(current, last));
        out.flush();
    }

    /** streamformatter's raw progress: the size padded to 8 like %8v, "\r", and "\r\n" after the last. */
    static String line(long bytes, boolean last) {
        String size = bytes > 0 ? String.format("%8s", Humanize.size4(bytes)) : "";
        return ACTION + " " + size + (size.isEmpty() ? "\r\n" : "\r") + (last ? "\r\n" : "");
    }
}
