package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.ApiException;
import dev.berth.cli.api.EngineClient;
import dev.berth.cli.api.Query;
import dev.berth.cli.attach.AttachedStreams;
import dev.berth.cli.attach.DetachKeys;
import dev.berth.cli.attach.SignalProxy;
import dev.berth.cli.attach.TtyResizer;
import dev.berth.cli.http.HijackedConnection;
import dev.berth.cli.http.HttpExchange;
import dev.berth.cli.http.HttpResponse;
import dev.berth.cli.io.Io;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a container in the foreground the way the docker CLI does (run, start -a): attach
 * (hijacked connection) and put the wait request on the wire before start, so no output and
 * no exit is missed; then copy the streams until the output ends and answer with the exit
 * status. With a TTY the terminal is raw and follows the window size; the detach keys leave
 * the container running and end the command with status 0.
 */
final class AttachedRun {
    private static final long WAIT_REGISTRATION_GRACE_MILLIS = 500;
    private final Session session;
    private final String id;
    private final boolean stdin;
    private final boolean tty;
    private final boolean autoRemove;
    private String detachKeys;
    private boolean signalProxy;

    AttachedRun(Session session, String id, boolean stdin, boolean tty, boolean autoRemove) {
        this.session = session;
        this.id = id;
        this.stdin = stdin;
        this.tty = tty;
        this.autoRemove = autoRemove;
    }

    /** --detach-keys: sent to the daemon and watched for locally. */
    AttachedRun detachKeys(String keys) {
        this.detachKeys = keys;
        return this;
    }

    /** --sig-proxy: forward the CLI's signals to the container while attached. */
    AttachedRun proxySignals(boolean proxy) {
        this.signalProxy = proxy;
        return this;
    }

    /** Thrown when start fails; the message is the daemon's. */
    static final class StartFailed extends Exception {
        StartFailed(ApiException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** @return the container's exit status (0 when the user detached) */
    int run() throws IOException, ApiException, StartFailed {
        EngineClient client = session.client();
        Io io = session.io();
        Query attachQuery = Query.of().add("stream", "1").flag("stdin", stdin).add("stdout", "1").add("stderr", "1")
                .addIfPresent("detachKeys", detachKeys);
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
        try (connection; SignalProxy proxy = signalProxy ? SignalProxy.start(client, id) : null) {
            try {
                client.post("/containers/" + id + "/start", Query.of(), null);
            } catch (ApiException e) {
                wait.cancel();
                throw new StartFailed(e);
            }
            boolean detached;
            try (TtyResizer resizer = tty && session.terminal().stdoutIsTerminal()
                    ? TtyResizer.forContainer(client, id, session.terminal(), io.err()).monitor() : null) {
                io.out().flush();
                AttachedStreams streams = new AttachedStreams(connection, tty, stdin ? io.stdin() : null,
                        io.rawOut(), tty ? io.rawOut() : io.rawErr(), DetachKeys.orDefault(detachKeys), session.terminal());
                detached = streams.stream();
            }
            if (detached) {
                wait.cancel();
                return 0;
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
    static CompletableFuture<HttpResponse> awaitHeaders(HttpExchange wait) throws IOException {
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

    /** The wait's answer: the exit status, or an error. */
    static WaitResult waitResult(CompletableFuture<HttpResponse> waitResponse) throws IOException, ApiException {
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
        return new WaitResult(result.path("StatusCode").asInt(125), result.path("Error").path("Message").asText(""));
    }

    /** POST /containers/{id}/wait's body. */
    record WaitResult(int statusCode, String error) {
    }

    private int exitStatus(CompletableFuture<HttpResponse> waitResponse) throws IOException, ApiException {
        WaitResult result = waitResult(waitResponse);
        if (!result.error().isEmpty()) {
            session.io().err().println("Error waiting for container: " + result.error());
        }
        return result.statusCode();
    }
}
