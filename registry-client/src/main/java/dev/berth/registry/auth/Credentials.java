package dev.berth.registry.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What a caller may know to authenticate to one registry: a username and password, or an identity
 * token (an OAuth2 refresh token got at login), or a ready registry token. Blank fields are absent.
 */
public record Credentials(String username, String password, String identityToken, String registryToken) {

    public Credentials {
        username = blankToNull(username);
        password = password == null || password.isEmpty() ? null : password;
        identityToken = blankToNull(identityToken);
        registryToken = blankToNull(registryToken);
    }

    public static Credentials basic(String username, String password) {
        return new Credentials(username, password, null, null);
    }

    public boolean hasPassword() {
        return username != null && password != null;
    }

    public boolean isEmpty() {
        return username == null && password == null && identityToken == null && registryToken == null;
    }

    /** The value of an {@code Authorization: Basic} header. */
    public String basicAuthorization() {
        String pair = (username == null ? "" : username) + ":" + (password == null ? "" : password);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() { // never print secrets in logs or exceptions
        return "Credentials[username=" + username + "]";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
