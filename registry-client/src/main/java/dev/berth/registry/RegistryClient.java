package dev.berth.registry;

import dev.berth.image.ImageReference;
import dev.berth.registry.auth.AuthChallenge;
import dev.berth.registry.auth.Authorizer;
import dev.berth.registry.auth.CredentialProvider;
import dev.berth.registry.auth.Credentials;
import dev.berth.registry.auth.TokenCache;
import dev.berth.registry.auth.TokenClient;
import dev.berth.registry.blob.BlobClient;
import dev.berth.registry.blob.BlobUploader;
import dev.berth.registry.http.ErrorResponses;
import dev.berth.registry.http.RegistryEndpoint;
import dev.berth.registry.http.RegistryRequest;
import dev.berth.registry.http.RegistryTransport;
import dev.berth.registry.manifest.ManifestClient;
import dev.berth.registry.manifest.TagLister;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;

/**
 * The entry point: a client of OCI distribution registries. One instance is shared (its HTTP
 * connections, the registries' auth challenges, the token cache); {@link #withCredentials} gives a
 * view with one caller's credentials, e.g. per X-Registry-Auth header, sharing all of that.
 *
 * <pre>{@code
 * RegistryClient registries = RegistryClient.builder().build();
 * RegistryRepository repo = registries.withCredentials(DockerAuthConfig.fromHeader(h).provider())
 *         .repository(ImageReference.parse("localhost:5000/app:1.0"));
 * RegistryManifest manifest = repo.manifests().get("1.0");
 * }</pre>
 */
public final class RegistryClient implements AutoCloseable {

    private final HttpClient http;
    private final List<String> insecureRegistries;
    private final Duration timeout;
    private final int chunkSize;
    private final ConcurrentMap<String, AuthChallenge> challenges;
    private final TokenCache tokens;
    private final TokenClient tokenClient;
    private final CredentialProvider credentials;

    /** Closes the shared connections: call it on the client the builder made, when no view is in use. */
    @Override
    public void close() {
        http.close();
    }

    private RegistryClient(HttpClient http, List<String> insecureRegistries, Duration timeout, int chunkSize,
                           ConcurrentMap<String, AuthChallenge> challenges, TokenCache tokens, TokenClient tokenClient,
                           CredentialProvider credentials) {
        this.http = http;
        this.insecureRegistries = List.copyOf(insecureRegistries);
        this.timeout = timeout;
        this.chunkSize = chunkSize;
        this.challenges = challenges;
        this.tokens = tokens;
        this.tokenClient = tokenClient;
        this.credentials = credentials;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** This client with another caller's credentials; connections, challenges and tokens (keyed per credentials) are shared. */
    public RegistryClient withCredentials(CredentialProvider other) {
        return new RegistryClient(http, insecureRegistries, timeout, chunkSize, challenges, tokens, tokenClient, other);
    }

    /** The repository an image reference names (its tag or digest is ignored). */
    public RegistryRepository repository(ImageReference reference) {
        ImageReference repository = reference.repositoryOnly();
        RegistryTransport transport = transport(repository.registry());
        String name = repository.repository();
        BlobClient blobs = new BlobClient(transport, name);
        return new RegistryRepository(repository, new ManifestClient(transport, repository), blobs,
                new BlobUploader(transport, name, blobs, chunkSize), new TagLister(transport, name));
    }

    /** Where and how a registry host is spoken to (HTTP for loopback and insecure registries). */
    public RegistryEndpoint endpoint(String registryHost) {
        return RegistryEndpoint.of(registryHost, insecureRegistries);
    }

    /**
     * {@code GET /v2/} without credentials: empty when the registry lets anyone in, else the challenge it
     * answered (which later requests then meet up front).
     */
    public Optional<AuthChallenge> ping(String registryHost) throws RegistryException {
        RegistryEndpoint endpoint = endpoint(registryHost);
        HttpResponse<InputStream> response = transport(registryHost)
                .sendAnonymously(RegistryRequest.of("GET", endpoint.resolve("/v2/"), Set.of()));
        if (response.statusCode() == 200) {
            RegistryTransport.discard(response);
            return Optional.empty();
        }
        if (response.statusCode() == 401) {
            RegistryTransport.discard(response);
            Optional<AuthChallenge> challenge = AuthChallenge.preferred(
                    AuthChallenge.parse(response.headers().firstValue("WWW-Authenticate").orElse(null)));
            challenge.ifPresent(c -> challenges.put(endpoint.host(), c));
            return challenge;
        }
        throw ErrorResponses.toException(response);
    }

    /** {@code docker login}: checks the credentials against the registry; throws with the registry's refusal. */
    public LoginResult checkLogin(String registryHost, Credentials login) throws RegistryException {
        if (login == null || login.isEmpty()) {
            throw new RegistryException(RegistryException.Kind.UNAUTHORIZED, "Username or password is missing");
        }
        RegistryEndpoint endpoint = endpoint(registryHost);
        // its own challenge map: the check must start anonymous to learn what the registry wants now
        Authorizer authorizer = new Authorizer(Authorizer.newChallengeMap(), tokens, tokenClient,
                CredentialProvider.forHost(endpoint.host(), login));
        return RegistryLogin.check(new RegistryTransport(http, endpoint, authorizer, timeout));
    }

    private RegistryTransport transport(String registryHost) {
        RegistryEndpoint endpoint = endpoint(registryHost);
        return new RegistryTransport(http, endpoint, new Authorizer(challenges, tokens, tokenClient, credentials), timeout);
    }

    public static final class Builder {
        private List<String> insecureRegistries = List.of();
        private Duration timeout = Duration.ofMinutes(2);
        private Duration connectTimeout = Duration.ofSeconds(15);
        private int chunkSize = BlobUploader.DEFAULT_CHUNK_SIZE;
        private CredentialProvider credentials = CredentialProvider.none();
        private Clock clock = Clock.systemUTC();

        /** Registries spoken to over plain HTTP besides loopback ones: "host", "host:port" or a CIDR range. */
        public Builder insecureRegistries(List<String> registries) {
            this.insecureRegistries = List.copyOf(registries);
            return this;
        }

        /** How long to wait for a response's headers (not for a body to stream). */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** Bytes per PATCH of a chunked upload; a blob no bigger goes in one PUT. */
        public Builder chunkSize(int chunkSize) {
            if (chunkSize <= 0) {
                throw new IllegalArgumentException("chunk size must be positive: " + chunkSize);
            }
            this.chunkSize = chunkSize;
            return this;
        }

        public Builder credentials(CredentialProvider credentials) {
            this.credentials = credentials;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public RegistryClient build() {
            // redirects are followed by RegistryTransport, which drops credentials when the host changes
            HttpClient http = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(connectTimeout)
                    .build();
            return new RegistryClient(http, insecureRegistries, timeout, chunkSize, Authorizer.newChallengeMap(),
                    new TokenCache(clock), new TokenClient(http, clock, timeout), credentials);
        }
    }

}
