package dev.berth.gateway.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.Executors;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A response body read from an InputStream chunk by chunk as the client takes it (tar archives:
 * cp, export, save), on virtual threads, so a large body never sits in the gateway's memory.
 */
final class InputStreamBodies {
    private static final Scheduler READERS = Schedulers.fromExecutorService(Executors.newVirtualThreadPerTaskExecutor(), "archives");
    private static final int CHUNK = 64 * 1024;

    private InputStreamBodies() {}

    static Flux<byte[]> flux(InputStream in) {
        return Flux.using(() -> in, input -> Flux.<byte[]>generate(sink -> {
            try {
                byte[] buffer = new byte[CHUNK];
                int n = input.read(buffer);
                if (n < 0) {
                    sink.complete();
                } else {
                    sink.next(n == CHUNK ? buffer : Arrays.copyOf(buffer, n));
                }
            } catch (IOException e) {
                sink.error(new UncheckedIOException(e));
            }
        }), input -> {
            try {
                input.close();
            } catch (IOException ignored) {
                // the stream's end is what matters
            }
        }).subscribeOn(READERS);
    }
}
