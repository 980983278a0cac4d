package dev.berth.registry.auth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.registry.http.RegistryEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Docker's {@code registry.AuthConfig}: the JSON the docker CLI sends base64url-encoded in the
 * {@code X-Registry-Auth} header of pull and push, and as the body of {@code POST /auth}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DockerAuthConfig(
        @JsonProperty("username") String username,
        @JsonProperty("password") String password,
        @JsonProperty("auth") String auth,
        @JsonProperty("email") String email,
        @JsonProperty("serveraddress") String serverAddress,
        @JsonProperty("identitytoken") String identityToken,
        @JsonProperty("registrytoken") String registryToken) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public static DockerAuthConfig empty() {
        return new DockerAuthConfig(null, null, null, null, null, null, null);
    }

    /**
     * Decodes an X-Registry-Auth value. An absent or empty header means anonymous, as in Docker.
     * Docker encodes with padded base64url; unpadded and standard-alphabet values are accepted too.
     */
    public static DockerAuthConfig fromHeader(String header) {
        if (header == null || header.isBlank()) {
            return empty();
        }
        String normalized = header.strip().replace('+', '-').replace('/', '_').replace("=", "");
        byte[] json;
        try {
            json = Base64.getUrlDecoder().decode(normalized);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid X-Registry-Auth header: " + e.getMessage(), e);
        }
        return fromJson(json);
    }

    /** Decodes the JSON form (the body of {@code POST /auth}). */
    public static DockerAuthConfig fromJson(byte[] json) {
        try {
            DockerAuthConfig config = JSON.readValue(json, DockerAuthConfig.class);
            return config == null ? empty() : config;
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid X-Registry-Auth header: " + e.getMessage(), e);
        }
    }

    /** The header value Docker's CLI would send for this config. */
    public String toHeader() {
        try {
            return Base64.getUrlEncoder().encodeToString(JSON.writeValueAsBytes(this));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The registry host this config is for, as image references name it ("docker.io" for Docker Hub). */
    public String registryHost() {
        return serverAddress == null || serverAddress.isBlank()
                ? RegistryEndpoint.DOCKER_HUB : RegistryEndpoint.normalizeHost(serverAddress);
    }

    /** The credentials, taking the legacy {@code auth} field ("user:password" in base64) when no username is set. */
    public Credentials credentials() {
        String user = username;
        String pass = password;
        if ((user == null || user.isEmpty()) && auth != null && !auth.isBlank()) {
            String pair = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            if (colon >= 0) {
                user = pair.substring(0, colon);
                pass = pair.substring(colon + 1);
            }
        }
        return new Credentials(user, pass, identityToken, registryToken);
    }

    /** A provider that answers these credentials for this config's registry only. */
    public CredentialProvider provider() {
        Credentials credentials = credentials();
        return credentials.isEmpty() ? CredentialProvider.none() : CredentialProvider.forHost(registryHost(), credentials);
    }

    @Override
    public String toString() {
        return "DockerAuthConfig[username=" + username + ", serveraddress=" + serverAddress + "]";
    }
}
