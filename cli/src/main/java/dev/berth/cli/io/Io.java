package dev.berth.cli.io;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The CLI's standard streams. Text goes out as UTF-8 whatever the locale (as docker does), and
 * container output goes to the raw descriptors without PrintStream's encoding or buffering.
 */
public record Io(InputStream stdin, OutputStream rawOut, OutputStream rawErr, PrintStream out, PrintStream err) {

    public static Io system() {
        OutputStream rawOut = new FileOutputStream(FileDescriptor.out);
        OutputStream rawErr = new FileOutputStream(FileDescriptor.err);
        return new Io(new FileInputStream(FileDescriptor.in), rawOut, rawErr,
                new PrintStream(rawOut, false, StandardCharsets.UTF_8),
                new PrintStream(rawErr, true, StandardCharsets.UTF_8));
    }

    /** Streams over the given sinks, for tests. */
    public static Io of(InputStream stdin, OutputStream out, OutputStream err) {
        return new Io(stdin, out, err, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    public void flush() {
        out.flush();
        err.flush();
    }
}
