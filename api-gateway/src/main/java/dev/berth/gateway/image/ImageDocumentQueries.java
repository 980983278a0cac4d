package dev.berth.gateway.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.containerd.images.v1.Image;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.image.ChainId;
import dev.berth.image.Digest;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;

/** What docker history reads of a stored image: its whole config document and its layers' sizes. */
final class ImageDocumentQueries {
    private final ImageRecords records;
    private final ImageLookup lookup;
    private final ManifestResolver manifests;
    private final ImageCommitter committer;

    ImageDocumentQueries(ImageRecords records, ImageLookup lookup, ManifestResolver manifests, ImageCommitter committer) {
        this.records = records;
        this.lookup = lookup;
        this.manifests = manifests;
        this.committer = committer;
    }

    /** The image's config document (history and rootfs included), as stored. */
    ObjectNode configDocument(String reference) {
        return find(reference).config().deepCopy();
    }

    /** The sizes of the image's layers, bottom first: unpacked where the snapshotter knows them, else the blob's. */
    List<Long> layerSizes(String reference) {
        ManifestResolver.Resolved image = find(reference);
        List<Digest> chainIds = ChainId.chain(image.diffIds());
        List<Long> sizes = new ArrayList<>();
        for (int i = 0; i < image.layers().size(); i++) {
            long blobSize = image.layers().get(i).getSize();
            sizes.add(i < chainIds.size() ? committer.layerSize(chainIds.get(i), blobSize) : blobSize);
        }
        return sizes;
    }

    private ManifestResolver.Resolved find(String reference) {
        try {
            List<Image> all = records.list();
            Digest configDigest = lookup.configDigestOf(reference, all).orElseThrow(() -> DockerApiException.noSuchImage(reference));
            return all.stream().map(r -> manifests.resolve(r.getTarget())).filter(r -> r.configDigest().equals(configDigest))
                    .findFirst().orElseThrow(() -> DockerApiException.noSuchImage(reference));
        } catch (StatusRuntimeException e) {
            throw ContentImageService.fromGrpc(e, "looking up the image");
        }
    }
}
