package dev.berth.gateway.build;

import java.util.List;
import java.util.Map;

/**
 * POST /build's parameters as the builder uses them.
 *
 * @param tags        the -t names, already checked ("repo:tag", normalized familiar form)
 * @param dockerfile  the Dockerfile's path in the context
 * @param buildArgs   --build-arg values; a null value means the arg was named without one
 * @param labels      --label values, added as a last LABEL step
 * @param target      --target, or empty
 * @param noCache     --no-cache
 * @param quiet       -q: only the image id is printed
 * @param remove      --rm (the default): intermediate containers go after a successful step
 * @param forceRemove --force-rm: they go after a failed one too
 * @param pull        --pull: every base image is pulled, present or not
 */
public record BuildOptions(List<String> tags, String dockerfile, Map<String, String> buildArgs, Map<String, String> labels,
        String target, boolean noCache, boolean quiet, boolean remove, boolean forceRemove, boolean pull) {
    public BuildOptions {
        tags = List.copyOf(tags);
        buildArgs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(buildArgs));
        labels = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(labels));
    }
}
