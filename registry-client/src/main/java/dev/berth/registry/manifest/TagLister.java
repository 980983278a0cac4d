package dev.berth.registry.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.registry.RegistryException;
import dev.berth.registry.RegistryException.Kind;
import dev.berth.registry.http.RegistryRequest;
import dev.berth.registry.http.RegistryTransport;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The tags of one repository, following the registry's {@code Link: <...>; rel="next"} pages. */
public final class TagLister {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    /** A bound on pages, so a registry whose links loop cannot keep us forever. */
    private static final int MAX_PAGES = 1000;

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TagPage(String name, List<String> tags) { }

    private final RegistryTransport transport;
    private final String repository;
    private final Set<String> pullScope;

    public TagLister(RegistryTransport transport, String repository) {
        this.transport = transport;
        this.repository = repository;
        this.pullScope = Set.of("repository:" + repository + ":pull");
    }

    /** Every tag, in the registry's order (lexical for distribution). {@code pageSize} 0 lets the registry choose. */
    public List<String> list(int pageSize) throws RegistryException {
        List<String> tags = new ArrayList<>();
        URI next = transport.uri("/v2/" + repository + "/tags/list" + (pageSize > 0 ? "?n=" + pageSize : ""));
        for (int page = 0; next != null && page < MAX_PAGES; page++) {
            HttpResponse<InputStream> response = transport.expect(RegistryRequest.of("GET", next, pullScope)
                    .header("Accept", "application/json"), 200);
            try (InputStream in = response.body()) {
                TagPage body = JSON.readValue(in, TagPage.class);
                if (body != null && body.tags() != null) {
                    tags.addAll(body.tags());
                }
            } catch (IOException e) {
                throw new RegistryException(Kind.INVALID_CONTENT, "unable to read the tags of " + repository + ": " + e.getMessage(), e);
            }
            next = nextPage(response).orElse(null);
        }
        return tags;
    }

    public List<String> list() throws RegistryException {
        return list(0);
    }

    private static Optional<URI> nextPage(HttpResponse<InputStream> response) {
        for (String link : response.headers().allValues("Link")) {
            Matcher m = NEXT_LINK.matcher(link);
            if (m.find()) {
                return Optional.of(response.request().uri().resolve(m.group(1)));
            }
        }
        return Optional.empty();
    }

}
