package dev.berth.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.http.EngineEndpoint;
import dev.berth.cli.http.HijackedConnection;
import dev.berth.cli.http.HttpExchange;
import dev.berth.cli.http.HttpRequest;
import dev.berth.cli.http.HttpResponse;
import dev.berth.cli.http.RequestBody;
import dev.berth.cli.http.SocketHttpClient;
import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;

/**
 * The daemon's Docker Engine API v1.41 as the commands use it: paths under /v1.41, JSON in
 * and out, and error responses turned into {@link ApiException}.
 */
public final class EngineClient {
    public static final String API_VERSION = "1.41";
    private static final String PREFIX = "/v" + API_VERSION;

    private final SocketHttpClient http;

    public EngineClient(SocketHttpClient http) {
        this.http = http;
    }

    public EngineEndpoint endpoint() {
        return http.endpoint();
    }

    public JsonNode get(String path, Query query) throws IOException, ApiException {
        return json(send(HttpRequest.get(PREFIX + path + query)));
    }

    public JsonNode post(String path, Query query, Object body) throws IOException, ApiException {
        HttpRequest request = HttpRequest.post(PREFIX + path + query);
        if (body != null) {
            request = request.withBody(RequestBody.of("application/json", Json.bytes(body)));
        }
        return json(send(request));
    }

    public JsonNode delete(String path, Query query) throws IOException, ApiException {
        return json(send(HttpRequest.delete(PREFIX + path + query)));
    }

    /** Sends a request built by the caller (streams, raw bodies); the response is successful. */
    public HttpResponse send(HttpRequest request) throws IOException, ApiException {
        HttpResponse response = exchange(request).response();
        // 304 Not Modified answers start/stop of a container already in that state: not an error
        if (!response.successful() && response.status() != 304) {
            throw error(response);
        }
        return response;
    }

    /** Writes a request whose answer will be read later (a wait placed before start). */
    public HttpExchange begin(HttpRequest request) throws IOException {
        return exchange(request);
    }

    public HttpRequest request(String method, String path, Query query) {
        return new HttpRequest(method, PREFIX + path + query, java.util.Map.of(), null);
    }

    /** POST with Connection: Upgrade; on success the connection is a raw stream. */
    public HijackedConnection hijack(String path, Query query) throws IOException, ApiException {
        return hijack(path, query, null);
    }

    /** POST with a JSON body and Connection: Upgrade (exec start); on success the connection is a raw stream. */
    public HijackedConnection hijack(String path, Query query, Object body) throws IOException, ApiException {
        HttpRequest request = HttpRequest.post(PREFIX + path + query).withUpgradeToTcp();
        if (body != null) {
            request = request.withBody(RequestBody.of("application/json", Json.bytes(body)));
        }
        HttpResponse response = exchange(request).response();
        if (!response.upgraded()) {
            throw error(response);
        }
        return response.hijack();
    }

    private HttpExchange exchange(HttpRequest request) throws IOException {
        try {
            return http.begin(request);
        } catch (SocketException | UnresolvedAddressException e) {
            throw new DaemonUnavailableException(http.endpoint().address(), e instanceof IOException io ? io : new IOException(e));
        } catch (IOException e) {
            if (e.getMessage() != null && (e.getMessage().contains("No such file") || e.getMessage().contains("Connection refused"))) {
                throw new DaemonUnavailableException(http.endpoint().address(), e);
            }
            throw e;
        }
    }

    /** Reads the whole body as JSON (missing node for an empty body) and closes the response. */
    public static JsonNode json(HttpResponse response) throws IOException {
        try (response) {
            return Json.parse(response.bodyBytes());
        }
    }

    /** An error response as an exception; the body is docker's {"message": "..."} or plain text. */
    public static ApiException error(HttpResponse response) throws IOException {
        try (response) {
            String text = new String(response.bodyBytes(), StandardCharsets.UTF_8).strip();
            String message = text;
            if (text.startsWith("{")) {
                try {
                    JsonNode node = Json.parse(text.getBytes(StandardCharsets.UTF_8));
                    if (node.hasNonNull("message")) {
                        message = node.get("message").asText();
                    }
                } catch (IOException notJson) {
                    // keep the raw text
                }
            }
            if (message.isEmpty()) {
                message = response.status() + " " + response.reason();
            }
            return new ApiException(response.status(), message);
        }
    }
}
