package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.image.ImageReference;
import dev.berth.image.InvalidReferenceException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * docker's imageFormat (cli/command/formatter/image.go): the rows one image summary makes. Names are
 * read with image-spec's {@link ImageReference} (ParseNormalizedNamed) and shown familiar; each
 * repository:tag is a row, once per digest of the repository when digests are wanted; repositories
 * known only by digest get tag {@code <none>}; a dangling image is one {@code <none>} row. Unparsable
 * names are skipped, as docker skips them. Rows are in the daemon's order (docker's follows Go's map order).
 */
final class ImageRows {
    /** One row: repository, tag and digest as docker's imageContext holds them. */
    record Entry(String repository, String tag, String digest) {}

    private ImageRows() {}

    /**
     * @param needDigest --digests, or a format that uses {{.Digest}}: a row per tag and digest
     * @param showDigests --digests: a row per digest for digest-only repositories
     */
    static List<Entry> of(JsonNode image, boolean needDigest, boolean showDigests) {
        if (dangling(image)) {
            return List.of(new Entry("<none>", "<none>", "<none>"));
        }
        Map<String, List<String>> repoTags = new LinkedHashMap<>();
        Map<String, List<String>> repoDigests = new LinkedHashMap<>();
        for (JsonNode text : image.path("RepoTags")) {
            ImageReference reference = parse(text.asText());
            if (reference != null && reference.tag() != null && !References.nameOnly(text.asText())) {
                repoTags.computeIfAbsent(reference.familiarRepository(), k -> new ArrayList<>()).add(reference.tag());
            }
        }
        for (JsonNode text : image.path("RepoDigests")) {
            ImageReference reference = parse(text.asText());
            if (reference != null && reference.digest() != null) {
                repoDigests.computeIfAbsent(reference.familiarRepository(), k -> new ArrayList<>())
                        .add(reference.digest().toString());
            }
        }
        List<Entry> rows = new ArrayList<>();
        repoTags.forEach((repository, tags) -> {
            List<String> digests = repoDigests.remove(repository);
            if (!needDigest || digests == null) {
                digests = List.of();
            }
            for (String tag : tags) {
                if (digests.isEmpty()) {
                    rows.add(new Entry(repository, tag, "<none>"));
                }
                for (String digest : digests) {
                    rows.add(new Entry(repository, tag, digest));
                }
            }
        });
        repoDigests.forEach((repository, digests) -> {
            if (showDigests) {
                digests.forEach(digest -> rows.add(new Entry(repository, "<none>", digest)));
            } else {
                rows.add(new Entry(repository, "<none>", ""));
            }
        });
        return rows;
    }

    /** docker's isDangling: no names at all, or only {@code <none>:<none>} and {@code <none>@<none>}. */
    static boolean dangling(JsonNode image) {
        JsonNode tags = image.path("RepoTags");
        JsonNode digests = image.path("RepoDigests");
        if (tags.size() == 0 && digests.size() == 0) {
            return true;
        }
        return tags.size() == 1 && tags.get(0).asText().equals("<none>:<none>")
                && digests.size() == 1 && digests.get(0).asText().equals("<none>@<none>");
    }

    private static ImageReference parse(String text) {
        try {
            return ImageReference.parse(text);
        } catch (InvalidReferenceException e) {
            return null;
        }
    }
}
