package dev.berth.cli.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP/1.1 request: method, origin-form target (path and query), extra headers, optional body. */
public record HttpRequest(String method, String target, Map<String, String> headers, RequestBody body) {

    public HttpRequest {
        headers = Map.copyOf(headers);
    }

    public static HttpRequest get(String target) {
        return new HttpRequest("GET", target, Map.of(), null);
    }

    public static HttpRequest post(String target) {
        return new HttpRequest("POST", target, Map.of(), null);
    }

    public static HttpRequest delete(String target) {
        return new HttpRequest("DELETE", target, Map.of(), null);
    }

    public HttpRequest withBody(RequestBody newBody) {
        return new HttpRequest(method, target, headers, newBody);
    }

    public HttpRequest withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new HttpRequest(method, target, copy, body);
    }

    /** Asks the server to turn the connection into a raw stream (docker's attach and exec start). */
    public HttpRequest withUpgradeToTcp() {
        return withHeader("Connection", "Upgrade").withHeader("Upgrade", "tcp");
    }
}
