package dev.berth.shim;

import dev.berth.api.runtime.v1.StdStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;

/** Reads one of the container's output FIFOs until its end. */
final class OutputPump {
    private OutputPump() {}

    static Thread start(InputStream in, StdStream stream, RunOutput output) {
        return Threads.startBlocking("pump-" + stream.name().toLowerCase(), () -> {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (n > 0) {
                        output.data(stream, Arrays.copyOf(buffer, n), Instant.now());
                    }
                }
            } catch (IOException ignored) {
                // the pipe was closed under us: the stream has ended either way
            } finally {
                output.end(stream, Instant.now());
            }
        });
    }
}
