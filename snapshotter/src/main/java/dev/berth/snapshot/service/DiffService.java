package dev.berth.snapshot.service;

import static dev.berth.snapshot.Errdefs.failedPrecondition;
import static dev.berth.snapshot.Errdefs.invalidArgument;

import dev.berth.api.containerd.diff.v1.ApplyRequest;
import dev.berth.api.containerd.diff.v1.ApplyResponse;
import dev.berth.api.containerd.diff.v1.DiffGrpc;
import dev.berth.api.containerd.diff.v1.DiffRequest;
import dev.berth.api.containerd.diff.v1.DiffResponse;
import dev.berth.api.containerd.types.Descriptor;
import dev.berth.common.grpc.NamespaceInterceptor;
import dev.berth.snapshot.apply.ApplyTarget;
import dev.berth.snapshot.apply.DigestingInputStream;
import dev.berth.snapshot.apply.LayerApplier;
import dev.berth.snapshot.apply.LayerStreams;
import dev.berth.snapshot.content.ContentBlobs;
import dev.berth.snapshot.content.ContentUploads;
import dev.berth.snapshot.diff.LayerDiffer;
import dev.berth.snapshot.diff.LayerFile;
import dev.berth.snapshot.diff.LayerMediaType;
import io.grpc.stub.StreamObserver;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * containerd.services.diff.v1.Diff: Apply reads a layer blob from the content store, checks its
 * digest and writes it into the given mounts without mounting them. Diff makes a layer blob from
 * the difference of two mounts and writes it to the content store, with the digest of the tar
 * inside (the diff id) as label {@value ContentUploads#UNCOMPRESSED_LABEL} on the content and as
 * annotation of the returned descriptor.
 */
public final class DiffService extends DiffGrpc.DiffImplBase {
    private static final Map<String, String> ALGORITHMS = Map.of("sha256", "SHA-256", "sha512", "SHA-512");

    private final ContentBlobs content;
    private final LayerApplier applier;
    private final LayerDiffer differ;
    private final ContentUploads uploads;

    public DiffService(ContentBlobs content, LayerApplier applier, LayerDiffer differ) {
        this.content = content;
        this.applier = applier;
        this.differ = differ;
        this.uploads = new ContentUploads(content);
    }

    @Override
    public void diff(DiffRequest request, StreamObserver<DiffResponse> observer) {
        Calls.unary(observer, "Diff", () -> DiffResponse.newBuilder().setDiff(diff(request)).build());
    }

    private Descriptor diff(DiffRequest request) throws Exception {
        LayerMediaType mediaType = LayerMediaType.of(request.getMediaType());
        Instant sourceDateEpoch = request.hasSourceDateEpoch()
                ? Instant.ofEpochSecond(request.getSourceDateEpoch().getSeconds(), request.getSourceDateEpoch().getNanos())
                : null;
        try (LayerFile layer = differ.diff(request.getLeftList(), request.getRightList(), mediaType, sourceDateEpoch)) {
            Map<String, String> labels = new HashMap<>(request.getLabelsMap());
            labels.put(ContentUploads.UNCOMPRESSED_LABEL, layer.uncompressedDigest());
            uploads.upload(NamespaceInterceptor.current(), request.getRef(), layer.file(), layer.digest(), layer.size(), labels);
            return Descriptor.newBuilder()
                    .setMediaType(mediaType.mediaType())
                    .setDigest(layer.digest())
                    .setSize(layer.size())
                    .putAnnotations(ContentUploads.UNCOMPRESSED_LABEL, layer.uncompressedDigest())
                    .build();
        }
    }

    @Override
    public void apply(ApplyRequest request, StreamObserver<ApplyResponse> observer) {
        Calls.unary(observer, "Apply", () -> ApplyResponse.newBuilder().setApplied(apply(request)).build());
    }

    private Descriptor apply(ApplyRequest request) throws Exception {
        if (!request.hasDiff()) {
            throw invalidArgument("apply needs the diff descriptor");
        }
        Descriptor layer = request.getDiff();
        String algorithm = algorithmOf(layer.getDigest());
        LayerStreams.checkMediaType(layer.getMediaType());
        ApplyTarget target = ApplyTarget.fromMounts(request.getMountsList());
        try (InputStream blob = content.open(NamespaceInterceptor.current(), layer.getDigest())) {
            DigestingInputStream compressed = new DigestingInputStream(blob, digest(algorithm));
            DigestingInputStream tar = null;
            try {
                try {
                    tar = new DigestingInputStream(LayerStreams.decompress(compressed), digest("sha256"));
                    applier.apply(tar, target, request.getSyncFs());
                    tar.drain();
                } catch (Exception e) {
                    // a corrupt blob fails to parse before its digest is known: say so rather than why parsing failed
                    try {
                        compressed.drain();
                    } catch (Exception ignored) {
                        throw e;
                    }
                    verify(layer, algorithm, compressed);
                    throw e;
                }
                compressed.drain();
                verify(layer, algorithm, compressed);
                return Descriptor.newBuilder()
                        .setMediaType(LayerStreams.OCI_LAYER_TAR)
                        .setDigest(tar.digest("sha256"))
                        .setSize(tar.count())
                        .build();
            } finally {
                if (tar != null) {
                    tar.close(); // frees the decompressor's native state (Inflater, zstd context)
                }
            }
        }
    }

    private static void verify(Descriptor layer, String algorithm, DigestingInputStream read) {
        String actual = read.digest(algorithm);
        if (!actual.equals(layer.getDigest())) {
            throw failedPrecondition("content digest mismatch: expected " + layer.getDigest() + ", read " + actual);
        }
        if (layer.getSize() > 0 && read.count() != layer.getSize()) {
            throw failedPrecondition("content size mismatch for " + layer.getDigest() + ": expected "
                    + layer.getSize() + " bytes, read " + read.count());
        }
    }

    private static String algorithmOf(String digest) {
        int colon = digest.indexOf(':');
        String algorithm = colon < 0 ? "" : digest.substring(0, colon);
        String hex = colon < 0 ? "" : digest.substring(colon + 1);
        int length = algorithm.equals("sha512") ? 128 : 64;
        if (!ALGORITHMS.containsKey(algorithm) || !hex.matches("[0-9a-f]{" + length + "}")) {
            throw invalidArgument("invalid digest \"" + digest + "\"");
        }
        return algorithm;
    }

    private static MessageDigest digest(String algorithm) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance(ALGORITHMS.get(algorithm));
    }
}
