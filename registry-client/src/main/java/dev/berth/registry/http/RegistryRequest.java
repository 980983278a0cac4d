package dev.berth.registry.http;

import java.net.URI;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One request to a registry: what to send and which access scopes it needs
 * ({@code repository:<name>:pull}), so a Bearer token can be asked for exactly those. The body is a
 * supplier so the request can be sent again after a 401.
 */
public record RegistryRequest(String method, URI uri, Map<String, String> headers,
                              Supplier<BodyPublisher> body, Set<String> scopes) {

    public RegistryRequest {
        headers = Map.copyOf(headers);
        scopes = Set.copyOf(scopes);
        body = body == null ? BodyPublishers::noBody : body;
    }

    public static RegistryRequest of(String method, URI uri, Set<String> scopes) {
        return new RegistryRequest(method, uri, Map.of(), null, scopes);
    }

    public RegistryRequest header(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new RegistryRequest(method, uri, more, body, scopes);
    }

    public RegistryRequest body(byte[] bytes, int offset, int length) {
        return new RegistryRequest(method, uri, headers, () -> BodyPublishers.ofByteArray(bytes, offset, length), scopes);
    }

    public RegistryRequest body(byte[] bytes) {
        return body(bytes, 0, bytes.length);
    }

    public RegistryRequest withUri(URI other) {
        return new RegistryRequest(method, other, headers, body, scopes);
    }

    /** GET and HEAD follow redirects (blobs are often served from elsewhere); uploads do not. */
    boolean followsRedirects() {
        return method.equals("GET") || method.equals("HEAD");
    }
}
