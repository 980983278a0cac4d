package dev.berth.cli.stats;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.berth.cli.api.ApiException;
import dev.berth.cli.api.EngineClient;
import dev.berth.cli.api.Json;
import dev.berth.cli.api.Query;
import dev.berth.cli.http.HttpResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * Reads one container's GET /containers/{id}/stats?stream=1|0 in the background and keeps its
 * latest figures. As docker's collector: a container silent for 2 seconds, or whose stream
 * failed, shows "--" until the next sample.
 */
public final class StatsCollector {
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** What a row shows: the figures, and whether they are stale or failed. */
    public record Snapshot(String container, StatsEntry entry, boolean invalid) {
    }

    private final String container;
    private final EngineClient client;
    private final boolean stream;
    private final Clock clock;
    private final CountDownLatch first = new CountDownLatch(1);
    private volatile StatsEntry entry = StatsEntry.EMPTY;
    private volatile Instant lastSample;
    private volatile Exception error;
    private volatile boolean closed;
    private volatile HttpResponse response;

    public StatsCollector(String container, EngineClient client, boolean stream, Clock clock) {
        this.container = container;
        this.client = client;
        this.stream = stream;
        this.clock = clock;
    }

    public String container() {
        return container;
    }

    public StatsCollector start() {
        Thread thread = new Thread(this::collect, "stats-" + container);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void collect() {
        Query query = Query.of().add("stream", stream ? "1" : "0");
        try (HttpResponse opened = client.send(client.request("GET", "/containers/" + container + "/stats", query));
             JsonParser parser = Json.mapper().createParser(opened.body())) {
            response = opened;
            while (!closed && parser.nextToken() == JsonToken.START_OBJECT) {
                entry = StatsEntry.of(Json.mapper().readTree(parser));
                lastSample = clock.instant();
                error = null;
                first.countDown();
                if (!stream) {
                    return;
                }
            }
            error = new IOException("EOF");
        } catch (IOException | ApiException | RuntimeException e) {
            error = e;
        } finally {
            first.countDown();
        }
    }

    /** Waits for the first sample, a failure, or docker's 2 second timeout. */
    public void awaitFirst() throws InterruptedException {
        if (!first.await(TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS) && error == null) {
            error = new IOException("timeout waiting for stats");
        }
    }

    /** The failure to report, if the stream failed before or instead of giving a sample. */
    public Exception error() {
        return error;
    }

    public Snapshot snapshot() {
        Instant last = lastSample;
        boolean stale = last == null || Duration.between(last, clock.instant()).compareTo(TIMEOUT) > 0;
        boolean invalid = error != null || stale;
        StatsEntry shown = entry;
        if (stale && last != null) {
            shown = shown.reset();
        }
        return new Snapshot(container, shown, invalid);
    }

    public void close() {
        closed = true;
        HttpResponse open = response;
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
