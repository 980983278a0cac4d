package dev.berth.gateway.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.containerd.types.Descriptor;
import dev.berth.gateway.api.DockerApiException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds images among the records as Docker does (a name first, then a full id, hex id or unique
 * id prefix) and renders one image from all the records that point at its config: its tags,
 * repo digests, size and config.
 */
final class ImageLookup {
    private static final Pattern ID_PREFIX = Pattern.compile("^(sha256:)?[0-9a-f]{1,64}$");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DANGLING_PREFIX = ImageRecords.DANGLING_PREFIX;
    private static final String SIZE_LABEL = ImageRecords.SIZE_LABEL;

    private final ManifestResolver manifests;

    ImageLookup(ManifestResolver manifests) {
        this.manifests = manifests;
    }

    /** By name first (as Docker does), then by full id, hex id or unique id prefix. */
    Optional<String> configDigestOf(String reference, List<dev.berth.api.containerd.images.v1.Image> all) {
        Optional<dev.berth.api.containerd.images.v1.Image> byName = recordByName(reference, all);
        if (byName.isPresent()) {
            return Optional.of(manifests.resolve(byName.get().getTarget()).configDigest());
        }
        if (!ID_PREFIX.matcher(reference).matches()) {
            return Optional.empty();
        }
        String prefix = reference.startsWith("sha256:") ? reference : "sha256:" + reference;
        Set<String> matches = new LinkedHashSet<>();
        for (dev.berth.api.containerd.images.v1.Image record : all) {
            String id = manifests.resolve(record.getTarget()).configDigest();
            if (id.startsWith(prefix)) {
                matches.add(id);
            }
        }
        if (matches.size() > 1) {
            throw DockerApiException.badRequest("multiple IDs found with provided prefix: " + reference);
        }
        return matches.stream().findFirst();
    }

    /** The record a name refers to; a digest reference matches a record of that repository with that manifest. */
    Optional<dev.berth.api.containerd.images.v1.Image> recordByName(
            String reference, List<dev.berth.api.containerd.images.v1.Image> all) {
        ImageReference parsed;
        try {
            parsed = ImageReference.parse(reference);
        } catch (DockerApiException notAName) {
            return Optional.empty();
        }
        if (parsed.digest() != null) {
            return all.stream()
                    .filter(r -> r.getTarget().getDigest().equals(parsed.digest()))
                    .filter(r -> r.getName().startsWith(parsed.repository() + ":") || r.getName().startsWith(parsed.repository() + "@"))
                    .findFirst();
        }
        return all.stream().filter(r -> r.getName().equals(parsed.name())).findFirst();
    }

    Image render(String configDigest, List<dev.berth.api.containerd.images.v1.Image> all) {
        List<String> repoTags = new ArrayList<>();
        Set<String> repoDigests = new LinkedHashSet<>();
        ManifestResolver.Resolved image = null;
        long size = -1;
        Instant lastTagTime = null;
        for (dev.berth.api.containerd.images.v1.Image record : all) {
            ManifestResolver.Resolved r = manifests.resolve(record.getTarget());
            if (!r.configDigest().equals(configDigest)) {
                continue;
            }
            image = r;
            String sizeLabel = record.getLabelsMap().get(SIZE_LABEL);
            if (sizeLabel != null) {
                size = Long.parseLong(sizeLabel);
            }
            repoDigests.addAll(RepoDigests.fromLabels(record.getLabelsMap()));
            if (!record.getName().startsWith(DANGLING_PREFIX) && !ImageRecords.buildCache(record.getName())) {
                ImageReference name = ImageReference.parse(record.getName());
                // an image pulled by digest is named repo@digest: a repo digest, not a tag
                (name.digest() != null ? repoDigests : repoTags).add(name.familiarName());
            }
        }
        if (image == null) {
            throw new IllegalStateException("no record for " + configDigest);
        }
        if (size < 0) {
            size = image.layers().stream().mapToLong(Descriptor::getSize).sum();
        }
        ObjectNode config = image.config();
        ObjectNode runConfig = config.has("config") && config.get("config").isObject()
                ? (ObjectNode) config.get("config").deepCopy() : MAPPER.createObjectNode();
        return new Image(
                "sha256:" + Digests.hex(configDigest),
                List.copyOf(repoTags),
                List.copyOf(repoDigests),
                parseTime(config.path("created").asText("")),
                size,
                config.path("architecture").asText("amd64"),
                config.path("os").asText("linux"),
                config.path("author").asText(""),
                config.path("comment").asText(""),
                runConfig,
                image.diffIds(),
                image.diffIds().isEmpty() ? "" : Digests.chainIds(image.diffIds()).getLast());
    }

    private static Instant parseTime(String text) {
        try {
            return text.isEmpty() ? Instant.EPOCH : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
