package dev.berth.gateway.build;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.ContainerService;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * COPY --from's source: a container of the stage's or image's result (never started), whose files
 * the sources name are read through the archive API into a scratch tree that mirrors their paths
 * (owners kept), so they resolve as context files do.
 */
final class StageSource {
    private final ContainerService containers;
    private final String container;
    private final Path root;

    private StageSource(ContainerService containers, String container, Path root) {
        this.containers = containers;
        this.container = container;
        this.root = root;
    }

    static StageSource open(StepContainers stepContainers, ContainerService containers, String imageId, Path root) {
        ObjectNode config = RunConfigs.MAPPER.createObjectNode();
        RunConfigs.setStrings(config, "Cmd", List.of("/bin/sh"));
        RunConfigs.setStrings(config, "Entrypoint", List.of(""));
        return new StageSource(containers, stepContainers.createQuietly(config, imageId), root);
    }

    String container() {
        return container;
    }

    /** Reads what {@code sources} name (for wildcards: the directory above the first one) into the tree; returns its root. */
    Path fetch(List<String> sources) throws IOException {
        for (String source : sources) {
            String path = source;
            while (path.startsWith("/")) {
                path = path.substring(1);
            }
            if (path.startsWith("./")) {
                path = path.substring(2);
            }
            path = dev.berth.dockerfile.ignore.GoPath.clean(path.isEmpty() ? "." : path);
            if (CopySources.containsWildcards(path)) {
                String prefix = "";
                for (String part : path.split("/")) {
                    if (CopySources.containsWildcards(part)) {
                        break;
                    }
                    prefix = prefix.isEmpty() ? part : prefix + "/" + part;
                }
                path = prefix.isEmpty() ? "." : prefix;
            }
            Path into = path.equals(".") || !path.contains("/") ? root : root.resolve(path.substring(0, path.lastIndexOf('/')));
            Files.createDirectories(into);
            InputStream tar;
            try {
                tar = containers.archive(container, path.equals(".") ? "/" : "/" + path);
            } catch (DockerApiException e) {
                if (e.status() == 404) {
                    continue; // reported as Docker reports a missing source, when it is resolved
                }
                throw e;
            }
            try (InputStream in = tar) {
                ContextArchive.extract(in, into, true);
            }
        }
        return root;
    }
}
