package dev.berth.shim.fs;

import dev.berth.common.fs.DurableFiles;
import dev.berth.shim.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Edits of an OCI runtime-spec process object (config.json's "process", or an exec's process
 * JSON): the resolved user, HOME when the environment has none, the terminal flag. Every other
 * field is kept as written.
 */
public final class ProcessSpecs {
    private ProcessSpecs() {}

    /** What the host keeps of config.json: its mounts' destinations and whether the rootfs is read-only. */
    public record ConfigFacts(List<String> mountPoints, boolean readonlyRootfs) {}

    /** Rewrites {@code <bundle>/config.json}'s process. */
    public static ConfigFacts editConfig(Path configJson, UserResolver.ResolvedUser user, boolean terminal) throws IOException {
        Object root = Json.parse(Files.readAllBytes(configJson));
        if (!(root instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(configJson + " is not a JSON object");
        }
        Map<String, Object> config = Json.object(root);
        apply(Json.objectIn(config, "process"), user, terminal);
        DurableFiles.replaceWithoutSync(configJson, Json.bytes(config, true)); // the bundle is the caller's, written again before each start (as the gateway does)
        return new ConfigFacts(mountDestinations(config), Boolean.TRUE.equals(Json.at(config, "root", "readonly")));
    }

    private static List<String> mountDestinations(Map<String, Object> config) {
        List<String> destinations = new ArrayList<>();
        for (Object mount : Json.array(config.get("mounts"))) {
            String destination = Json.stringAt(mount, "destination");
            if (!destination.isEmpty()) {
                destinations.add(destination);
            }
        }
        return destinations;
    }

    /** An exec's process JSON with the user (null: keep the spec's own, else {@code fallback}) and terminal applied. */
    public static byte[] editExec(byte[] spec, UserResolver.ResolvedUser user, UserResolver.ResolvedUser fallback, boolean terminal) {
        Object parsed = Json.parse(spec);
        if (!(parsed instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("the exec's spec is not a JSON object");
        }
        Map<String, Object> process = Json.object(parsed);
        if (Json.array(process.get("args")).isEmpty()) {
            throw new IllegalArgumentException("the exec's spec has no args");
        }
        if (!(process.get("cwd") instanceof String cwd) || cwd.isEmpty()) {
            process.put("cwd", "/");
        }
        UserResolver.ResolvedUser applied = user != null ? user : process.containsKey("user") ? null : fallback;
        apply(process, applied, terminal);
        return Json.bytes(process, false);
    }

    private static void apply(Map<String, Object> process, UserResolver.ResolvedUser user, boolean terminal) {
        process.put("terminal", terminal);
        if (user == null) {
            return;
        }
        Map<String, Object> userNode = Json.objectIn(process, "user");
        userNode.put("uid", (long) user.uid());
        userNode.put("gid", (long) user.gid());
        // the caller's own additional groups (docker run --group-add) stay; the user's are added
        java.util.LinkedHashSet<Long> union = new java.util.LinkedHashSet<>();
        for (Object gid : Json.array(userNode.get("additionalGids"))) {
            if (gid instanceof Number n) {
                union.add(n.longValue());
            }
        }
        user.additionalGids().forEach(gid -> union.add((long) gid));
        userNode.put("additionalGids", new ArrayList<Object>(union));
        List<Object> env = Json.arrayIn(process, "env");
        boolean hasHome = env.stream().anyMatch(variable -> String.valueOf(variable).startsWith("HOME="));
        if (!hasHome) {
            env.add("HOME=" + user.home());
        }
    }
}
