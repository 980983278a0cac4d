package dev.berth.cli.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds a URL query string; parameters may repeat (changes=...&changes=...). */
public final class Query {
    private final List<String> parts = new ArrayList<>();

    public static Query of() {
        return new Query();
    }

    public Query add(String name, String value) {
        parts.add(encode(name) + "=" + encode(value));
        return this;
    }

    public Query addIfPresent(String name, String value) {
        return value == null || value.isEmpty() ? this : add(name, value);
    }

    /** docker's booleans: name=1 when set, nothing otherwise. */
    public Query flag(String name, boolean set) {
        return set ? add(name, "1") : this;
    }

    public Query addAll(String name, List<String> values) {
        values.forEach(v -> add(name, v));
        return this;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** "" or "?a=1&b=2". */
    @Override
    public String toString() {
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }
}
