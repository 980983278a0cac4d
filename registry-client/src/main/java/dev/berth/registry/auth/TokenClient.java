package dev.berth.registry.auth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.registry.RegistryException;
import dev.berth.registry.RegistryException.Kind;
import dev.berth.registry.http.ErrorResponses;
import dev.berth.registry.http.HttpFailures;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Fetches a token from a Bearer challenge's realm (the Docker token protocol): a GET with
 * {@code service} and one {@code scope} per scope, with Basic credentials when known; or, with an
 * identity token, the OAuth2 refresh-token POST. The answer's {@code token} or {@code access_token} is used.
 */
public final class TokenClient {

    /** Docker's floor for a token's life when the server gives none or less. */
    static final Duration MINIMUM_LIFETIME = Duration.ofSeconds(60);
    private static final String CLIENT_ID = "berth";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final HttpClient http;
    private final Clock clock;
    private final Duration timeout;

    public TokenClient(HttpClient http, Clock clock, Duration timeout) {
        this.http = http;
        this.clock = clock;
        this.timeout = timeout;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenAnswer(@JsonProperty("token") String token,
                       @JsonProperty("access_token") String accessToken,
                       @JsonProperty("expires_in") Long expiresIn,
                       @JsonProperty("issued_at") String issuedAt,
                       @JsonProperty("refresh_token") String refreshToken) { }

    /**
     * A token for these scopes. {@code offline} asks for a refresh token too, as {@code docker login} does.
     */
    public BearerToken fetch(AuthChallenge challenge, Collection<String> scopes, Credentials credentials, boolean offline)
            throws RegistryException {
        String realm = challenge.parameter("realm")
                .orElseThrow(() -> new RegistryException(Kind.UNAUTHORIZED, "bearer auth challenge without realm: " + challenge));
        URI realmUri;
        try {
            realmUri = URI.create(realm);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(Kind.UNAUTHORIZED, "invalid token realm " + realm, e);
        }
        List<String> params = new ArrayList<>();
        challenge.parameter("service").ifPresent(s -> params.add(param("service", s)));
        HttpRequest request;
        if (credentials != null && credentials.identityToken() != null) {
            // an identity token is an OAuth2 refresh token: Docker trades it with a POST
            params.add(param("grant_type", "refresh_token"));
            params.add(param("refresh_token", credentials.identityToken()));
            params.add(param("client_id", CLIENT_ID));
            params.add(param("scope", String.join(" ", scopes)));
            request = HttpRequest.newBuilder(realmUri).timeout(timeout)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(String.join("&", params))).build();
        } else {
            scopes.forEach(scope -> params.add(param("scope", scope)));
            if (credentials != null && credentials.username() != null) {
                params.add(param("account", credentials.username()));
            }
            if (offline) {
                params.add(param("offline_token", "true"));
                params.add(param("client_id", CLIENT_ID));
            }
            String query = String.join("&", params);
            URI uri = URI.create(realm + (query.isEmpty() ? "" : (realm.contains("?") ? "&" : "?") + query));
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout).GET();
            if (credentials != null && credentials.hasPassword()) {
                builder.header("Authorization", credentials.basicAuthorization());
            }
            request = builder.build();
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw HttpFailures.unreachable(request, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(Kind.UNREACHABLE, "interrupted while fetching a token from " + realm, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw ErrorResponses.toException(response);
        }
        return parse(response, realm);
    }

    private BearerToken parse(HttpResponse<InputStream> response, String realm) throws RegistryException {
        TokenAnswer answer;
        try (InputStream in = response.body()) {
            answer = JSON.readValue(in, TokenAnswer.class);
        } catch (IOException e) {
            throw new RegistryException(Kind.UNAUTHORIZED, "unable to decode token response from " + realm + ": " + e.getMessage(), e);
        }
        String token = answer.token() != null && !answer.token().isEmpty() ? answer.token() : answer.accessToken();
        if (token == null || token.isEmpty()) {
            throw new RegistryException(Kind.UNAUTHORIZED, "authorization server did not include a token in the response");
        }
        Instant issued = clock.instant();
        if (answer.issuedAt() != null) {
            try {
                issued = Instant.parse(answer.issuedAt());
            } catch (DateTimeParseException ignored) {
                // a server clock format we cannot read: count from now
            }
        }
        Duration lifetime = answer.expiresIn() == null ? MINIMUM_LIFETIME : Duration.ofSeconds(answer.expiresIn());
        if (lifetime.compareTo(MINIMUM_LIFETIME) < 0) {
            lifetime = MINIMUM_LIFETIME;
        }
        // a few seconds early, so a token never expires between the cache and the registry
        return new BearerToken(token, issued.plus(lifetime).minusSeconds(5), answer.refreshToken());
    }

    private static String param(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
