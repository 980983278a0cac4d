package dev.berth.registry.http;

import dev.berth.registry.RegistryException;
import dev.berth.registry.RegistryException.Kind;
import dev.berth.registry.auth.Authorizer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends requests to one registry host: adds authorization, answers a 401 challenge once (learning
 * the host's auth scheme and fetching a token), follows redirects of GET and HEAD itself so that
 * credentials never travel to another host, and words failures to connect.
 */
public final class RegistryTransport {

    private static final int MAX_REDIRECTS = 10;
    private static final String USER_AGENT = "berth/0.1.0 (registry-client)";

    private final HttpClient http;
    private final RegistryEndpoint endpoint;
    private final Authorizer authorizer;
    private final Duration timeout;

    /** {@code http} must not follow redirects itself (see the class comment). */
    public RegistryTransport(HttpClient http, RegistryEndpoint endpoint, Authorizer authorizer, Duration timeout) {
        this.http = http;
        this.endpoint = endpoint;
        this.authorizer = authorizer;
        this.timeout = timeout;
    }

    public RegistryEndpoint endpoint() {
        return endpoint;
    }

    public Authorizer authorizer() {
        return authorizer;
    }

    /** A request to a path of this registry ("/v2/name/tags/list"). */
    public URI uri(String pathAndQuery) {
        return endpoint.resolve(pathAndQuery);
    }

    /** Sends and answers the final response, whatever its status; the caller closes its body. */
    public HttpResponse<InputStream> send(RegistryRequest request) throws RegistryException {
        Optional<String> authorization = authorizer.authorization(endpoint.host(), request.scopes());
        HttpResponse<InputStream> response = sendFollowing(request, authorization);
        if (response.statusCode() == 401) {
            String challenge = response.headers().firstValue("WWW-Authenticate").orElse(null);
            Optional<String> retry;
            try {
                retry = authorizer.onUnauthorized(endpoint.host(), challenge, request.scopes(), authorization);
            } catch (RegistryException e) {
                discard(response); // refused before a retry (no credentials, token server said no)
                throw e;
            }
            if (retry.isPresent()) {
                discard(response);
                response = sendFollowing(request, retry);
            }
        }
        return response;
    }

    /** Sends without any Authorization, answering a 401 as it is (a ping that learns the challenge). */
    public HttpResponse<InputStream> sendAnonymously(RegistryRequest request) throws RegistryException {
        return sendFollowing(request, Optional.empty());
    }

    /** Sends, and turns any status but the expected ones into the registry's error. */
    public HttpResponse<InputStream> expect(RegistryRequest request, int... expected) throws RegistryException {
        HttpResponse<InputStream> response = send(request);
        for (int status : expected) {
            if (response.statusCode() == status) {
                return response;
            }
        }
        throw ErrorResponses.toException(response);
    }

    private HttpResponse<InputStream> sendFollowing(RegistryRequest request, Optional<String> authorization)
            throws RegistryException {
        URI uri = request.uri();
        for (int hop = 0; ; hop++) {
            // credentials stay with the registry: a redirect elsewhere (a CDN, S3) gets none
            boolean sameHost = Objects.equals(uri.getHost(), endpoint.baseUri().getHost())
                    && uri.getPort() == endpoint.baseUri().getPort();
            HttpResponse<InputStream> response = sendOnce(request, uri, sameHost ? authorization : Optional.empty());
            int status = response.statusCode();
            boolean redirect = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
            if (!redirect || !request.followsRedirects()) {
                return response;
            }
            Optional<String> location = response.headers().firstValue("Location");
            discard(response);
            if (location.isEmpty()) {
                throw new RegistryException(Kind.REGISTRY_ERROR, status, List.of(),
                        "redirect without Location from " + uri, null);
            }
            if (hop >= MAX_REDIRECTS) {
                throw new RegistryException(Kind.REGISTRY_ERROR, "stopped after " + MAX_REDIRECTS + " redirects at " + uri);
            }
            uri = uri.resolve(location.get());
        }
    }

    private HttpResponse<InputStream> sendOnce(RegistryRequest request, URI uri, Optional<String> authorization)
            throws RegistryException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(request.method(), request.body().get())
                .header("User-Agent", USER_AGENT);
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            builder.header(header.getKey(), header.getValue());
        }
        authorization.ifPresent(value -> builder.header("Authorization", value));
        HttpRequest httpRequest = builder.build();
        try {
            return http.send(httpRequest, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw HttpFailures.unreachable(httpRequest, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(Kind.UNREACHABLE, "interrupted while talking to " + endpoint.host(), e);
        }
    }

    /** Reads a small body to its end so the connection can be reused, then closes it. */
    public static void discard(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            if (in != null) {
                in.skip(64 * 1024);
            }
        } catch (IOException ignored) {
            // the connection is dropped instead of reused: nothing to report
        }
    }
}
