package dev.berth.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * One entry of a registry's error body, {@code {"errors":[{"code","message","detail"}]}}
 * (OCI distribution spec, "Error Codes"). {@link #toString()} is Docker's wording of it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RegistryError(String code, String message, JsonNode detail) {

    public static final String MANIFEST_UNKNOWN = "MANIFEST_UNKNOWN";
    public static final String BLOB_UNKNOWN = "BLOB_UNKNOWN";
    public static final String NAME_UNKNOWN = "NAME_UNKNOWN";
    public static final String UNAUTHORIZED = "UNAUTHORIZED";
    public static final String DENIED = "DENIED";
    public static final String TOO_MANY_REQUESTS = "TOOMANYREQUESTS";
    public static final String UNKNOWN = "UNKNOWN";

    public RegistryError {
        code = code == null || code.isBlank() ? UNKNOWN : code.toUpperCase(Locale.ROOT);
    }

    public static RegistryError of(String code, String message) {
        return new RegistryError(code, message, null);
    }

    /** Docker's words for this error: the code lower-cased with spaces, then the message ("manifest unknown: manifest unknown"). */
    @Override
    public String toString() {
        String codeWords = code.toLowerCase(Locale.ROOT).replace('_', ' ');
        return message == null || message.isEmpty() ? codeWords : codeWords + ": " + message;
    }
}
