package dev.berth.gateway.container.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.ContainerConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges a create request's Config with its image's config the way Docker's daemon does
 * (moby's merge and getEntrypointAndArgs): request values win, the image fills the gaps.
 */
public final class ConfigMerger {
    /** The merged Config, and the process it runs: {@code path} is argv[0], {@code args} the rest. */
    public record Merged(ContainerConfig config, String path, List<String> args) {}

    private ConfigMerger() {}

    public static Merged merge(ContainerConfig request, ObjectNode image, String defaultHostname) {
        ObjectNode imageConfig = image == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : image;

        List<String> env = mergeEnv(request.env(), strings(imageConfig.get("Env")));

        // An entrypoint in the request replaces the image's, and with it the image's Cmd;
        // [""] (docker run --entrypoint "") is an explicit "no entrypoint".
        List<String> entrypoint = request.entrypoint();
        List<String> cmd = request.cmd();
        if (entrypoint == null || entrypoint.isEmpty()) {
            if (cmd == null || cmd.isEmpty()) {
                cmd = strings(imageConfig.get("Cmd"));
            }
            if (entrypoint == null) {
                entrypoint = strings(imageConfig.get("Entrypoint"));
            }
        }
        if (entrypoint != null && entrypoint.size() == 1 && entrypoint.getFirst().isEmpty()) {
            entrypoint = null;
        }
        List<String> argv = new ArrayList<>();
        if (entrypoint != null) {
            argv.addAll(entrypoint);
        }
        if (cmd != null) {
            argv.addAll(cmd);
        }
        if (argv.isEmpty()) {
            throw DockerApiException.badRequest("No command specified");
        }

        Map<String, String> labels = new LinkedHashMap<>(stringMap(imageConfig.get("Labels")));
        if (request.labels() != null) {
            labels.putAll(request.labels());
        }
        Map<String, Object> exposedPorts = mergeKeys(request.exposedPorts(), imageConfig.get("ExposedPorts"));
        Map<String, Object> volumes = mergeKeys(request.volumes(), imageConfig.get("Volumes"));

        ContainerConfig merged = new ContainerConfig(
                blank(request.hostname()) ? defaultHostname : request.hostname(),
                request.domainname() == null ? "" : request.domainname(),
                blank(request.user()) ? text(imageConfig.get("User")) : request.user(),
                request.attachStdin(), request.attachStdout(), request.attachStderr(),
                exposedPorts.isEmpty() ? null : exposedPorts,
                request.tty(), request.openStdin(), request.stdinOnce(),
                env, nullIfEmpty(cmd), request.image(),
                volumes.isEmpty() ? null : volumes,
                blank(request.workingDir()) ? text(imageConfig.get("WorkingDir")) : request.workingDir(),
                nullIfEmpty(entrypoint),
                labels,
                blank(request.stopSignal()) ? nullIfBlank(text(imageConfig.get("StopSignal"))) : request.stopSignal(),
                request.stopTimeout(),
                healthcheck(request.healthcheck(), imageConfig.get("Healthcheck")));
        return new Merged(merged, argv.getFirst(), List.copyOf(argv.subList(1, argv.size())));
    }

    /** moby's merge: the request's test replaces the image's; its zero durations and retries take the image's. */
    static ContainerConfig.Healthcheck healthcheck(ContainerConfig.Healthcheck requested,
            com.fasterxml.jackson.databind.JsonNode image) {
        ContainerConfig.Healthcheck fromImage = null;
        if (image != null && image.isObject()) {
            List<String> test = new ArrayList<>();
            image.path("Test").forEach(t -> test.add(t.asText()));
            fromImage = new ContainerConfig.Healthcheck(test.isEmpty() ? null : test, longOrNull(image.get("Interval")),
                    longOrNull(image.get("Timeout")), longOrNull(image.get("StartPeriod")),
                    image.hasNonNull("Retries") ? image.get("Retries").asInt() : null);
        }
        if (requested == null) {
            return fromImage;
        }
        if (fromImage == null) {
            return requested;
        }
        return new ContainerConfig.Healthcheck(
                requested.test() == null || requested.test().isEmpty() ? fromImage.test() : requested.test(),
                positive(requested.interval()) ? requested.interval() : fromImage.interval(),
                positive(requested.timeout()) ? requested.timeout() : fromImage.timeout(),
                positive(requested.startPeriod()) ? requested.startPeriod() : fromImage.startPeriod(),
                requested.retries() != null && requested.retries() > 0 ? requested.retries() : fromImage.retries());
    }

    private static boolean positive(Long value) {
        return value != null && value > 0;
    }

    private static Long longOrNull(com.fasterxml.jackson.databind.JsonNode node) {
        return node == null || node.isNull() ? null : node.asLong();
    }

    /** moby: the request's variables first, then each of the image's whose name the request does not set. */
    static List<String> mergeEnv(List<String> requested, List<String> image) {
        List<String> env = new ArrayList<>(requested == null ? List.of() : requested);
        if (image == null) {
            return env;
        }
        for (String imageVar : image) {
            String key = envKey(imageVar);
            if (env.stream().noneMatch(v -> envKey(v).equals(key))) {
                env.add(imageVar);
            }
        }
        return env;
    }

    static String envKey(String variable) {
        int eq = variable.indexOf('=');
        return eq < 0 ? variable : variable.substring(0, eq);
    }

    private static Map<String, Object> mergeKeys(Map<String, Object> requested, JsonNode image) {
        Map<String, Object> merged = new LinkedHashMap<>();
        if (image != null && image.isObject()) {
            image.fieldNames().forEachRemaining(key -> merged.put(key, Map.of()));
        }
        if (requested != null) {
            merged.putAll(requested);
        }
        return merged;
    }

    private static List<String> strings(JsonNode node) {
        if (node == null || !node.isArray()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        node.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> values = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
        }
        return values;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "" : node.asText();
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }

    private static String nullIfBlank(String s) {
        return blank(s) ? null : s;
    }

    private static List<String> nullIfEmpty(List<String> list) {
        return list == null || list.isEmpty() ? null : List.copyOf(list);
    }
}
