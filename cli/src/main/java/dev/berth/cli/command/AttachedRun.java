package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.ApiException;
import dev.berth.cli.api.EngineClient;
import dev.berth.cli.api.Query;
import dev.berth.cli.http.HijackedConnection;
import dev.berth.cli.http.HttpExchange;
import dev.berth.cli.http.HttpResponse;
import dev.berth.cli.io.Io;
import dev.berth.cli.io.StreamDemultiplexer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a container in the foreground the way the docker CLI does: attach (hijacked
 * connection) and put the wait request on the wire before start, so no output and no exit is
 * missed; then copy output until the stream ends and answer with the exit status.
 */
final class AttachedRun {
    private static final long WAIT_REGISTRATION_GRACE_MILLIS = 500;
    private final Session session;
    private final String id;
    private final boolean stdin;
    private final boolean tty;
    private final boolean autoRemove;

    AttachedRun(Session session, String id, boolean stdin, boolean tty, boolean autoRemove) {
        this.session = session;
        this.id = id;
        this.stdin = stdin;
        this.tty = tty;
        this.autoRemove = autoRemove;
    }

    /** Thrown when start fails; the message is the daemon's. */
    static final class StartFailed extends Exception {
        StartFailed(ApiException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** @return the container's exit status */
    int run() throws IOException, ApiException, StartFailed {
        EngineClient client = session.client();
        Io io = session.io();
        Query attachQuery = Query.of().add("stream", "1").flag("stdin", stdin).add("stdout", "1").add("stderr", "1");
        HijackedConnection connection = client.hijack("/containers/" + id + "/attach", attachQuery);
        HttpExchange wait;
        CompletableFuture<HttpResponse> waitResponse;
        try {
            wait = client.begin(client.request("POST", "/containers/" + id + "/wait",
                    Query.of().add("condition", autoRemove ? "removed" : "next-exit")));
            waitResponse = awaitHeaders(wait);
        } catch (IOException e) {
            connection.close();
            throw e;
        }
        try (connection; TerminalMode terminal = tty && stdin ? TerminalMode.raw() : null) {
            try {
                client.post("/containers/" + id + "/start", Query.of(), null);
            } catch (ApiException e) {
                wait.cancel();
                throw new StartFailed(e);
            }
            if (tty) {
                resize(client);
            }
            if (stdin) {
                startStdinCopy(io.stdin(), connection);
            }
            io.out().flush();
            InputStream output = connection.input();
            try {
                if (tty) {
                    StreamDemultiplexer.copyRaw(output, io.rawOut());
                } else {
                    StreamDemultiplexer.copy(output, io.rawOut(), io.rawErr());
                }
            } catch (IOException e) {
                // the daemon closing the stream abruptly ends the output; the exit status still counts
            }
        }
        return exitStatus(waitResponse);
    }

    /**
     * Reads the wait's response headers in the background and gives them a moment before start:
     * a docker-style daemon sends them as soon as the wait is registered, which guarantees that
     * a container exiting at once is not missed. A daemon that answers only at exit costs the
     * short grace period and nothing else.
     */
    private static CompletableFuture<HttpResponse> awaitHeaders(HttpExchange wait) throws IOException {
        CompletableFuture<HttpResponse> response = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                response.complete(wait.response());
            } catch (IOException | RuntimeException e) {
                response.completeExceptionally(e);
            }
        });
        try {
            response.get(WAIT_REGISTRATION_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // the daemon holds its headers until the exit: go on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the daemon", e);
        } catch (ExecutionException e) {
            // reported when the status is read
        }
        return response;
    }

    private void resize(EngineClient client) {
        int[] size = TerminalMode.size();
        if (size == null) {
            return;
        }
        try {
            client.post("/containers/" + id + "/resize", Query.of().add("h", Integer.toString(size[0])).add("w", Integer.toString(size[1])), null);
        } catch (IOException | ApiException e) {
            // a wrong terminal size is cosmetic
        }
    }

    /** Copies stdin to the container; at its end half-closes the connection so the container sees EOF. */
    private static void startStdinCopy(InputStream in, HijackedConnection connection) {
        Thread copier = new Thread(() -> {
            try {
                OutputStream out = connection.output();
                byte[] buffer = new byte[8192];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
                connection.closeWrite();
            } catch (IOException e) {
                // the container went away first: nothing left to feed
            }
        }, "stdin-copy");
        copier.setDaemon(true);
        copier.start();
    }

    private int exitStatus(CompletableFuture<HttpResponse> waitResponse) throws IOException, ApiException {
        HttpResponse response;
        try {
            response = waitResponse.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the container", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        if (!response.successful()) {
            throw EngineClient.error(response);
        }
        JsonNode result = EngineClient.json(response);
        String error = result.path("Error").path("Message").asText("");
        if (!error.isEmpty()) {
            session.io().err().println("Error waiting for container: " + error);
        }
        return result.path("StatusCode").asInt(125);
    }
}
