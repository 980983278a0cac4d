package dev.berth.registry.manifest;

import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import dev.berth.image.InvalidDigestException;
import dev.berth.image.manifest.Descriptor;
import dev.berth.registry.RegistryError;
import dev.berth.registry.RegistryException;
import dev.berth.registry.RegistryException.Kind;
import dev.berth.registry.http.ErrorResponses;
import dev.berth.registry.http.RegistryRequest;
import dev.berth.registry.http.RegistryTransport;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Manifests and indexes of one repository, by tag or digest: GET (bytes, media type, and a digest
 * checked against the bytes), HEAD (a descriptor without the bytes), PUT and DELETE.
 */
public final class ManifestClient {

    /** containerd's cap on a manifest: bigger is not a manifest worth holding in memory. */
    public static final int MAX_MANIFEST_SIZE = 4 * 1024 * 1024;

    private final RegistryTransport transport;
    private final ImageReference repository;
    private final Set<String> pullScope;
    private final Set<String> pushScope;

    public ManifestClient(RegistryTransport transport, ImageReference repository) {
        this.transport = transport;
        this.repository = repository.repositoryOnly();
        this.pullScope = Set.of("repository:" + this.repository.repository() + ":pull");
        this.pushScope = Set.of("repository:" + this.repository.repository() + ":pull,push");
    }

    /** Fetches by tag or digest ("latest", "sha256:..."); failures read as Docker's pull errors. */
    public RegistryManifest get(String reference) throws RegistryException {
        RegistryRequest request = RegistryRequest.of("GET", uri(reference), pullScope).header("Accept", ManifestMediaType.ACCEPT);
        HttpResponse<InputStream> response = transport.send(request);
        if (response.statusCode() != 200) {
            throw PullErrors.translate(ErrorResponses.toException(response), imageReference(reference));
        }
        byte[] content;
        try (InputStream in = response.body()) {
            content = in.readNBytes(MAX_MANIFEST_SIZE + 1);
        } catch (IOException e) {
            throw new RegistryException(Kind.UNREACHABLE, "reading manifest " + imageReference(reference).familiarName()
                    + " from " + transport.endpoint().host() + ": " + e.getMessage(), e);
        }
        if (content.length > MAX_MANIFEST_SIZE) {
            throw new RegistryException(Kind.INVALID_CONTENT, "manifest " + imageReference(reference).familiarName()
                    + " is larger than " + MAX_MANIFEST_SIZE + " bytes");
        }
        String mediaType = ManifestMediaType.of(response.headers().firstValue("Content-Type"), content);
        Digest digest = verifiedDigest(reference, response.headers().firstValue("Docker-Content-Digest"), content);
        return new RegistryManifest(content, mediaType, digest);
    }

    public RegistryManifest get(Digest digest) throws RegistryException {
        return get(digest.toString());
    }

    /** What a tag or digest points at, without the bytes; empty when the registry does not have it. */
    public Optional<Descriptor> head(String reference) throws RegistryException {
        HttpResponse<InputStream> response = transport.send(
                RegistryRequest.of("HEAD", uri(reference), pullScope).header("Accept", ManifestMediaType.ACCEPT));
        RegistryTransport.discard(response);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw ErrorResponses.toException(response.statusCode(),
                    response.headers().firstValue("WWW-Authenticate").orElse(null), new byte[0]);
        }
        Optional<String> header = response.headers().firstValue("Docker-Content-Digest");
        Digest digest;
        if (header.isPresent()) {
            digest = parseDigest(header.get());
        } else if (Digest.isValid(reference)) {
            digest = Digest.parse(reference);
        } else {
            // no digest without the bytes: fetch them (rare; registries send the header)
            return Optional.of(get(reference).descriptor());
        }
        String mediaType = response.headers().firstValue("Content-Type").map(ManifestMediaType::withoutParameters)
                .orElse("application/json");
        long size = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        return Optional.of(Descriptor.of(mediaType, digest, size));
    }

    /**
     * Stores a manifest under a tag or its digest and answers its digest. The registry's
     * Docker-Content-Digest must agree with the bytes, or the push is reported as failed.
     */
    public Digest put(String reference, byte[] content, String mediaType) throws RegistryException {
        Digest digest = Digest.of(content);
        if (Digest.isValid(reference)) {
            Digest named = Digest.parse(reference);
            digest = Digest.of(named.algorithm(), content);
            if (!digest.equals(named)) {
                throw new RegistryException(Kind.INVALID_CONTENT, "manifest bytes have digest " + digest
                        + ", not the " + named + " they are pushed as");
            }
        }
        HttpResponse<InputStream> response = transport.expect(RegistryRequest.of("PUT", uri(reference), pushScope)
                .header("Content-Type", mediaType).body(content), 201, 200, 204);
        RegistryTransport.discard(response);
        Optional<Digest> stored = response.headers().firstValue("Docker-Content-Digest").filter(Digest::isValid).map(Digest::parse);
        // a registry that hashed with another algorithm is not contradicting us; one that hashed the same way must agree
        if (stored.isPresent() && stored.get().algorithm() == digest.algorithm() && !stored.get().equals(digest)) {
            throw new RegistryException(Kind.INVALID_CONTENT, "registry stored manifest as " + stored.get()
                    + " but its bytes have digest " + digest);
        }
        return digest;
    }

    /** Deletes a manifest by digest (registries refuse deletes by tag); false when it was not there. */
    public boolean delete(Digest digest) throws RegistryException {
        HttpResponse<InputStream> response = transport.send(RegistryRequest.of("DELETE", uri(digest.toString()), pushScope));
        RegistryTransport.discard(response);
        return switch (response.statusCode()) {
            case 202, 200, 204 -> true;
            case 404 -> false;
            default -> throw ErrorResponses.toException(response.statusCode(),
                    response.headers().firstValue("WWW-Authenticate").orElse(null), new byte[0]);
        };
    }

    /**
     * The digest of what was fetched: the requested digest, or the registry's Docker-Content-Digest,
     * or sha256 of the bytes; whichever was claimed must be the bytes' own.
     */
    private Digest verifiedDigest(String reference, Optional<String> header, byte[] content) throws RegistryException {
        Digest claimed = Digest.isValid(reference) ? Digest.parse(reference)
                : header.isPresent() ? parseDigest(header.get()) : null;
        if (claimed == null) {
            return Digest.of(content);
        }
        Digest actual = Digest.of(claimed.algorithm(), content);
        if (!actual.equals(claimed)) {
            throw new RegistryException(Kind.INVALID_CONTENT, "manifest verification failed for digest " + claimed
                    + " (" + imageReference(reference).familiarName() + " has digest " + actual + ")");
        }
        return claimed;
    }

    private Digest parseDigest(String value) throws RegistryException {
        try {
            return Digest.parse(value.strip());
        } catch (InvalidDigestException e) {
            throw new RegistryException(Kind.INVALID_CONTENT, 0, List.of(RegistryError.of("DIGEST_INVALID", e.getMessage())),
                    "registry sent an invalid Docker-Content-Digest " + value + ": " + e.getMessage(), e);
        }
    }

    private ImageReference imageReference(String reference) {
        return Digest.isValid(reference) ? repository.withDigest(Digest.parse(reference)) : repository.withTag(reference);
    }

    private URI uri(String reference) {
        return transport.uri("/v2/" + repository.repository() + "/manifests/" + reference);
    }
}
