package dev.berth.registry.blob;

import dev.berth.image.Digest;
import dev.berth.registry.RegistryException;
import dev.berth.registry.RegistryException.Kind;
import dev.berth.registry.http.ErrorResponses;
import dev.berth.registry.http.RegistryRequest;
import dev.berth.registry.http.RegistryTransport;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads blobs of one repository: {@code HEAD} for presence and size, {@code GET} streamed and
 * verified against the digest while read, resumed with a Range request when a connection drops.
 */
public final class BlobClient {

    private static final int MAX_RESUMES = 3;

    private final RegistryTransport transport;
    private final String repository;
    private final Set<String> pullScope;

    public BlobClient(RegistryTransport transport, String repository) {
        this.transport = transport;
        this.repository = repository;
        this.pullScope = Set.of("repository:" + repository + ":pull");
    }

    /** The blob's size if the repository has it, empty if not (404). */
    public OptionalLong stat(Digest digest) throws RegistryException {
        HttpResponse<InputStream> response = transport.send(RegistryRequest.of("HEAD", blobUri(digest), pullScope));
        RegistryTransport.discard(response);
        return switch (response.statusCode()) {
            case 200 -> response.headers().firstValueAsLong("Content-Length");
            case 404 -> OptionalLong.empty();
            default -> throw ErrorResponses.toException(response.statusCode(),
                    response.headers().firstValue("WWW-Authenticate").orElse(null), new byte[0]);
        };
    }

    /**
     * The blob's bytes; reading to the end verifies them ({@code expectedSize} -1 when unknown).
     * The caller closes the stream.
     */
    public VerifiedBlobStream open(Digest digest, long expectedSize) throws RegistryException {
        InputStream first = openAt(digest, 0);
        ResumingInputStream resuming = new ResumingInputStream(first, offset -> openAt(digest, offset), MAX_RESUMES);
        return new VerifiedBlobStream(resuming, digest, expectedSize);
    }

    /** A small blob (an image config) whole and verified; refuses one bigger than {@code maxSize}. */
    public byte[] readAll(Digest digest, long expectedSize, int maxSize) throws IOException {
        try (VerifiedBlobStream in = open(digest, expectedSize)) {
            byte[] bytes = in.readNBytes(maxSize + 1);
            if (bytes.length > maxSize) {
                throw new RegistryException(Kind.INVALID_CONTENT, "blob " + digest + " is larger than " + maxSize + " bytes");
            }
            in.read(); // the end of the stream is where the digest is checked
            return bytes;
        }
    }

    private InputStream openAt(Digest digest, long offset) throws RegistryException {
        RegistryRequest request = RegistryRequest.of("GET", blobUri(digest), pullScope);
        if (offset > 0) {
            request = request.header("Range", "bytes=" + offset + "-");
        }
        HttpResponse<InputStream> response = transport.send(request);
        int status = response.statusCode();
        if (status == 404) {
            RegistryException e = ErrorResponses.toException(response);
            throw e.errors().isEmpty()
                    ? new RegistryException(Kind.NOT_FOUND, 404, List.of(), "blob unknown: blob " + digest + " not found in " + repository, null)
                    : e;
        }
        if (offset > 0 && status == 200) {
            // the server ignored the Range: skip what was already read
            InputStream body = response.body();
            try {
                body.skipNBytes(offset);
            } catch (IOException e) {
                throw new RegistryException(Kind.UNREACHABLE, "resuming blob " + digest + " failed: " + e.getMessage(), e);
            }
            return body;
        }
        if (status == 200 || (offset > 0 && status == 206 && rangeStartsAt(response, offset))) {
            return response.body();
        }
        throw ErrorResponses.toException(response);
    }

    private static boolean rangeStartsAt(HttpResponse<InputStream> response, long offset) {
        // Content-Range: bytes <start>-<end>/<total>
        return response.headers().firstValue("Content-Range")
                .map(value -> value.replaceFirst("^bytes\\s+", "").startsWith(offset + "-"))
                .orElse(false);
    }

    private java.net.URI blobUri(Digest digest) {
        return transport.uri("/v2/" + repository + "/blobs/" + digest);
    }
}
