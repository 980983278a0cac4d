package dev.berth.gateway.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.containerd.images.v1.Image;
import dev.berth.image.ChainId;
import dev.berth.image.Digest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code docker builder prune} for the classic builder's layer cache: the records named
 * {@link ImageService#BUILD_CACHE_PREFIX}{@code <key>}, each pointing at the image a build step made.
 * Without {@code all} only the entries no image still builds on go (an entry is in use while an
 * image that is listed, tagged or dangling, is its image or descends from it: its layers and its
 * history start with the entry's); with {@code all}, every entry. The space reclaimed is the size of
 * the layers that only removed entries used, and it is free when the call returns: the last
 * deletion waits for the content store's garbage collection.
 */
final class BuildCachePruner {
    private final ImageRecords records;
    private final ManifestResolver manifests;
    private final ImageCommitter committer;

    BuildCachePruner(ImageRecords records, ManifestResolver manifests, ImageCommitter committer) {
        this.records = records;
        this.manifests = manifests;
        this.committer = committer;
    }

    ImageService.BuildCachePrune prune(boolean all) {
        List<ManifestResolver.Resolved> listed = new ArrayList<>();
        Map<Image, ManifestResolver.Resolved> cache = new HashMap<>();
        for (Image record : records.list()) {
            ManifestResolver.Resolved image = manifests.resolve(record.getTarget());
            if (ImageRecords.buildCache(record.getName())) {
                cache.put(record, image);
            } else {
                listed.add(image);
            }
        }
        List<Image> doomed = new ArrayList<>();
        List<ManifestResolver.Resolved> kept = new ArrayList<>(listed);
        for (Map.Entry<Image, ManifestResolver.Resolved> entry : cache.entrySet()) {
            if (all || listed.stream().noneMatch(image -> buildsOn(image, entry.getValue()))) {
                doomed.add(entry.getKey());
            } else {
                kept.add(entry.getValue());
            }
        }
        long reclaimed = reclaimedBy(doomed.stream().map(cache::get).toList(), kept);
        List<String> deleted = new ArrayList<>();
        for (int i = 0; i < doomed.size(); i++) {
            String name = doomed.get(i).getName();
            records.delete(name, i == doomed.size() - 1);
            deleted.add(name.substring(ImageService.BUILD_CACHE_PREFIX.length()));
        }
        return new ImageService.BuildCachePrune(deleted, reclaimed);
    }

    /** Whether {@code image} is {@code step}'s image or was built on it: same layers and history first. */
    static boolean buildsOn(ManifestResolver.Resolved image, ManifestResolver.Resolved step) {
        if (image.configDigest().equals(step.configDigest())) {
            return true;
        }
        List<Digest> layers = image.diffIds();
        List<Digest> stepLayers = step.diffIds();
        if (stepLayers.size() > layers.size() || !layers.subList(0, stepLayers.size()).equals(stepLayers)) {
            return false;
        }
        JsonNode history = image.config().path("history");
        JsonNode stepHistory = step.config().path("history");
        if (stepHistory.size() > history.size()) {
            return false;
        }
        for (int i = 0; i < stepHistory.size(); i++) {
            if (!history.get(i).equals(stepHistory.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The unpacked size of the layers (by chain id) the removed entries use and nothing kept does. */
    private long reclaimedBy(List<ManifestResolver.Resolved> removed, List<ManifestResolver.Resolved> kept) {
        Set<Digest> stillUsed = new HashSet<>();
        for (ManifestResolver.Resolved image : kept) {
            stillUsed.addAll(ChainId.chain(image.diffIds()));
        }
        Map<Digest, Long> freed = new HashMap<>();
        for (ManifestResolver.Resolved image : removed) {
            List<Digest> chain = ChainId.chain(image.diffIds());
            for (int i = 0; i < chain.size(); i++) {
                if (!stillUsed.contains(chain.get(i)) && !freed.containsKey(chain.get(i))) {
                    long blobSize = i < image.layers().size() ? image.layers().get(i).getSize() : 0;
                    freed.put(chain.get(i), committer.layerSize(chain.get(i), blobSize));
                }
            }
        }
        return freed.values().stream().mapToLong(Long::longValue).sum();
    }
}
