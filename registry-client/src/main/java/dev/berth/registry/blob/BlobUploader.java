package dev.berth.registry.blob;

import dev.berth.image.Digest;
import dev.berth.image.DigestingInputStream;
import dev.berth.registry.RegistryException;
import dev.berth.registry.RegistryException.Kind;
import dev.berth.registry.http.ErrorResponses;
import dev.berth.registry.http.RegistryRequest;
import dev.berth.registry.http.RegistryTransport;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Pushes blobs into one repository: skipped when the registry has them, mounted from another
 * repository of the same registry when it offers to, otherwise uploaded: a POST opens the
 * session, chunks go as PATCHes, and a PUT with {@code ?digest=} closes it (one PUT for a small blob).
 */
public final class BlobUploader {

    /** How a blob got into the repository. */
    public enum Outcome { ALREADY_PRESENT, MOUNTED, UPLOADED }

    /** Memory per upload is one chunk; a chunk is also what is re-sent if a request is refused once for auth. */
    public static final int DEFAULT_CHUNK_SIZE = 8 * 1024 * 1024;

    private final RegistryTransport transport;
    private final String repository;
    private final BlobClient blobs;
    private final int chunkSize;

    public BlobUploader(RegistryTransport transport, String repository, BlobClient blobs, int chunkSize) {
        this.transport = transport;
        this.repository = repository;
        this.blobs = blobs;
        this.chunkSize = chunkSize;
    }

    /**
     * Puts a blob into the repository. {@code mountFrom} names another repository of this registry
     * that has it (Docker's cross-repository mount). {@code content} is read only if an upload is needed.
     */
    public Outcome push(Digest digest, long size, ContentSource content, Optional<String> mountFrom) throws IOException {
        if (blobs.stat(digest).isPresent()) {
            return Outcome.ALREADY_PRESENT;
        }
        Set<String> scopes = new LinkedHashSet<>(List.of(pushScope(repository)));
        String query = "";
        if (mountFrom.isPresent() && !mountFrom.get().equals(repository)) {
            scopes.add("repository:" + mountFrom.get() + ":pull");
            query = "?mount=" + encode(digest.toString()) + "&from=" + encode(mountFrom.get());
        }
        HttpResponse<InputStream> opened = transport.expect(RegistryRequest.of("POST",
                transport.uri("/v2/" + repository + "/blobs/uploads/" + query), scopes)
                .header("Content-Type", "application/octet-stream").body(new byte[0]), 201, 202);
        RegistryTransport.discard(opened);
        if (opened.statusCode() == 201) {
            return Outcome.MOUNTED;
        }
        // 202: the registry did not mount (or was not asked to): upload into the session it opened
        try (InputStream in = content.open()) {
            upload(digest, size, in, location(opened), scopes);
        }
        return Outcome.UPLOADED;
    }

    /** Opens a blob's bytes when an upload turns out to be needed. */
    @FunctionalInterface
    public interface ContentSource {
        InputStream open() throws IOException;
    }

    private void upload(Digest digest, long size, InputStream raw, URI location, Set<String> scopes) throws IOException {
        DigestingInputStream in = new DigestingInputStream(raw, digest.algorithm());
        byte[] chunk = new byte[(int) Math.min(chunkSize, Math.max(size, 1))];
        long offset = 0;
        while (true) {
            int length = in.readNBytes(chunk, 0, chunk.length);
            boolean last = length < chunk.length || (size >= 0 && offset + length >= size);
            if (last) {
                verifyLocally(in, digest, size, location, scopes);
                // the last (or only) chunk travels with the closing PUT
                URI done = withQuery(location, "digest=" + encode(digest.toString()));
                HttpResponse<InputStream> closed = transport.expect(RegistryRequest.of("PUT", done, scopes)
                        .header("Content-Type", "application/octet-stream").body(chunk, 0, length), 201, 204);
                RegistryTransport.discard(closed);
                Optional<String> stored = closed.headers().firstValue("Docker-Content-Digest");
                if (stored.isPresent() && !stored.get().equals(digest.toString())) {
                    throw new RegistryException(Kind.INVALID_CONTENT, "registry stored blob " + digest + " as " + stored.get());
                }
                return;
            }
            HttpResponse<InputStream> patched = transport.expect(RegistryRequest.of("PATCH", location, scopes)
                    .header("Content-Type", "application/octet-stream")
                    .header("Content-Range", offset + "-" + (offset + length - 1))
                    .body(chunk, 0, length), 202);
            RegistryTransport.discard(patched);
            location = location(patched);
            offset += length;
        }
    }

    /** Refuses to commit bytes that are not the digest's: the caller's content was wrong, say so clearly. */
    private void verifyLocally(DigestingInputStream in, Digest digest, long size, URI location, Set<String> scopes)
            throws RegistryException {
        Digest actual = in.digest();
        if (actual.equals(digest) && (size < 0 || in.size() == size)) {
            return;
        }
        cancel(location, scopes);
        throw new RegistryException(Kind.INVALID_CONTENT, "content to push as " + digest + " (" + size
                + " bytes) has digest " + actual + " (" + in.size() + " bytes)");
    }

    private void cancel(URI location, Set<String> scopes) {
        try {
            RegistryTransport.discard(transport.send(RegistryRequest.of("DELETE", location, scopes)));
        } catch (RegistryException ignored) {
            // the registry expires abandoned sessions itself
        }
    }

    private URI location(HttpResponse<InputStream> response) throws RegistryException {
        String location = response.headers().firstValue("Location").orElseThrow(() -> new RegistryException(
                Kind.REGISTRY_ERROR, response.statusCode(), List.of(), "registry answered an upload without Location", null));
        return response.request().uri().resolve(location);
    }

    static URI withQuery(URI uri, String parameter) {
        String text = uri.toString();
        return URI.create(text + (uri.getRawQuery() == null ? "?" : "&") + parameter);
    }

    static String pushScope(String repository) {
        return "repository:" + repository + ":pull,push";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
