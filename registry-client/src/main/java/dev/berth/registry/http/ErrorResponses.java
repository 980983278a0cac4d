package dev.berth.registry.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.registry.RegistryError;
import dev.berth.registry.RegistryException;
import dev.berth.registry.RegistryException.Kind;
import dev.berth.registry.auth.AuthChallenge;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a registry's error answer into a {@link RegistryException} the way Docker's distribution
 * client does ({@code HandleErrorResponse}): OAuth errors of a Bearer challenge first, then the
 * JSON {@code errors} body, then the legacy {@code details} body, then the bare status.
 */
public final class ErrorResponses {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /** Error bodies are small; a bigger one is not an error document worth reading whole. */
    private static final int MAX_BODY = 64 * 1024;

    private ErrorResponses() {
    }

    /** Reads (and closes) the body of an error answer and words it. */
    public static RegistryException toException(HttpResponse<InputStream> response) {
        byte[] body;
        try (InputStream in = response.body()) {
            body = in == null ? new byte[0] : in.readNBytes(MAX_BODY);
        } catch (IOException e) {
            body = new byte[0];
        }
        return toException(response.statusCode(), response.headers().firstValue("WWW-Authenticate").orElse(null), body);
    }

    public static RegistryException toException(int status, String wwwAuthenticate, byte[] body) {
        List<RegistryError> errors = new ArrayList<>();
        if (status >= 400 && status < 500) {
            for (AuthChallenge challenge : AuthChallenge.parse(wwwAuthenticate)) {
                String code = !challenge.isBearer() ? null : switch (challenge.parameter("error").orElse("")) {
                    case "invalid_token" -> RegistryError.UNAUTHORIZED;
                    case "insufficient_scope" -> RegistryError.DENIED;
                    default -> null;
                };
                if (code != null) {
                    errors.add(RegistryError.of(code, challenge.parameter("error_description")
                            .orElse(code.equals(RegistryError.DENIED) ? "requested access to the resource is denied" : "authentication required")));
                    break;
                }
            }
        }
        errors.addAll(parseBody(status, body));
        if (errors.isEmpty()) {
            return new RegistryException(kindOf(status, List.of()), status, List.of(), unexpected(status, body), null);
        }
        return RegistryException.fromErrors(kindOf(status, errors), status, errors);
    }

    /** The errors of a body, or a single error made from the legacy {"details": "..."} form; empty if neither. */
    static List<RegistryError> parseBody(int status, byte[] body) {
        if (body.length == 0) {
            return List.of();
        }
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || !root.isObject()) {
                return List.of();
            }
            JsonNode details = root.get("details");
            if (details != null && details.isTextual() && !details.asText().isEmpty()) {
                String code = switch (status) {
                    case 401 -> RegistryError.UNAUTHORIZED;
                    case 429 -> RegistryError.TOO_MANY_REQUESTS;
                    default -> RegistryError.UNKNOWN;
                };
                return List.of(RegistryError.of(code, details.asText()));
            }
            JsonNode list = root.get("errors");
            if (list == null || !list.isArray()) {
                return List.of();
            }
            return JSON.convertValue(list, new TypeReference<List<RegistryError>>() { });
        } catch (IOException | IllegalArgumentException e) {
            return List.of();
        }
    }

    private static String unexpected(int status, byte[] body) {
        if (status == 401) {
            return "unauthorized: authentication required";
        }
        if (status == 403) {
            return "denied: requested access to the resource is denied";
        }
        if (body.length > 0) {
            return "error parsing HTTP " + status + " response body: " + new String(body, StandardCharsets.UTF_8).strip();
        }
        return "received unexpected HTTP status: " + status + " " + HttpStatusText.of(status);
    }

    static Kind kindOf(int status, List<RegistryError> errors) {
        for (RegistryError error : errors) {
            switch (error.code()) {
                case RegistryError.MANIFEST_UNKNOWN, RegistryError.BLOB_UNKNOWN, RegistryError.NAME_UNKNOWN,
                     "MANIFEST_BLOB_UNKNOWN" -> { return Kind.NOT_FOUND; }
                case RegistryError.UNAUTHORIZED -> { return Kind.UNAUTHORIZED; }
                case RegistryError.DENIED -> { return Kind.DENIED; }
                case RegistryError.TOO_MANY_REQUESTS -> { return Kind.TOO_MANY_REQUESTS; }
                default -> { }
            }
        }
        return switch (status) {
            case 401 -> Kind.UNAUTHORIZED;
            case 403 -> Kind.DENIED;
            case 404 -> Kind.NOT_FOUND;
            case 429 -> Kind.TOO_MANY_REQUESTS;
            default -> Kind.REGISTRY_ERROR;
        };
    }
}
