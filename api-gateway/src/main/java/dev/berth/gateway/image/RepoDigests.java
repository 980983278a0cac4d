package dev.berth.gateway.image;

import dev.berth.api.containerd.images.v1.Image;
import dev.berth.gateway.config.ServiceClients;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Docker's RepoDigests ({@code 127.0.0.1:5000/acc/bb@sha256:...}): the manifest digests a registry knows
 * the image by, learnt when it is pulled or pushed. Kept as a label on the image's records, since
 * the record's own target may be an index or a manifest the registry never saw (an import).
 */
public final class RepoDigests {
    /** Comma-separated familiar repo@digest references. */
    public static final String LABEL = "dev.berth.image.repo-digests";

    private final ImageRecords records;

    public RepoDigests(ServiceClients clients) {
        this.records = new ImageRecords(clients);
    }

    /** The repo digests a record's labels hold. */
    public static List<String> fromLabels(Map<String, String> labels) {
        String value = labels.get(LABEL);
        if (value == null || value.isEmpty()) {
            return List.of();
        }
        return List.of(value.split(","));
    }

    /**
     * Adds {@code repoDigest} (familiar form) to the record named {@code name} (its full name, as stored),
     * replacing an older digest of the same repository, as Docker keeps one per repository.
     */
    public void add(String name, String repoDigest) {
        Optional<Image> record = records.get(name);
        if (record.isEmpty()) {
            return;
        }
        String repository = repoDigest.substring(0, repoDigest.indexOf('@'));
        Set<String> digests = new LinkedHashSet<>();
        for (String known : fromLabels(record.get().getLabelsMap())) {
            if (!known.startsWith(repository + "@")) {
                digests.add(known);
            }
        }
        digests.add(repoDigest);
        Map<String, String> labels = new LinkedHashMap<>(record.get().getLabelsMap());
        labels.put(LABEL, String.join(",", new ArrayList<>(digests)));
        records.put(name, record.get().getTarget(), labels);
    }
}
