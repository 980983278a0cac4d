package dev.berth.cli.command;

import dev.berth.cli.api.Json;
import dev.berth.cli.api.Query;
import dev.berth.cli.flags.FlagValues;
import dev.berth.cli.flags.Ulimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The query of POST /build as docker 28's client builds it (imageBuildOptionsToQuery): only the
 * options that differ from the daemon's defaults ("rm=0" only when --rm=false), JSON for build
 * args, labels, ulimits and cache sources, and the keys in Go's url.Values order (sorted).
 */
final class BuildParameters {
    private BuildParameters() {
    }

    static Query query(BuildCommand o, String dockerfile) {
        Map<String, List<String>> q = new TreeMap<>();
        for (String tag : o.tags) {
            String problem = References.problem(tag);
            if (problem != null) {
                throw FlagValues.invalid("-t, --tag", tag, problem);
            }
            add(q, "t", tag);
        }
        o.securityOpts.forEach(v -> add(q, "securityopt", v));
        o.extraHosts.forEach(v -> add(q, "extrahosts", v));
        set(q, "q", o.quiet);
        set(q, "nocache", o.noCache);
        if (!o.rm) {
            add(q, "rm", "0");
        }
        set(q, "forcerm", o.forceRm);
        set(q, "pull", o.pull);
        set(q, "squash", o.squash);
        if (o.isolation != null && !o.isolation.isEmpty() && !o.isolation.equalsIgnoreCase("default")) {
            add(q, "isolation", o.isolation);
        }
        addIfPresent(q, "cpusetcpus", o.cpusetCpus);
        if (!o.network.isEmpty() && !o.network.equals("default")) {
            add(q, "networkmode", o.network);
        }
        addIfPresent(q, "cpusetmems", o.cpusetMems);
        addNonZero(q, "cpushares", o.cpuShares);
        addNonZero(q, "cpuquota", o.cpuQuota);
        addNonZero(q, "cpuperiod", o.cpuPeriod);
        if (o.memory != null) {
            addNonZero(q, "memory", FlagValues.bytes("-m, --memory", o.memory));
        }
        if (o.memorySwap != null) {
            addNonZero(q, "memswap", FlagValues.swapBytes("--memory-swap", o.memorySwap));
        }
        addIfPresent(q, "cgroupparent", o.cgroupParent);
        if (o.shmSize != null) {
            addNonZero(q, "shmsize", FlagValues.bytes("--shm-size", o.shmSize));
        }
        addIfPresent(q, "dockerfile", dockerfile);
        addIfPresent(q, "target", o.target);
        if (!o.ulimits.isEmpty()) {
            List<Map<String, Object>> ulimits = new ArrayList<>();
            o.ulimits.forEach(u -> ulimits.add(Ulimits.parse(u)));
            add(q, "ulimits", json(ulimits));
        }
        Map<String, String> buildArgs = buildArgs(o);
        if (!buildArgs.isEmpty()) {
            add(q, "buildargs", json(buildArgs));
        }
        Map<String, String> labels = labels(o.labels);
        if (!labels.isEmpty()) {
            add(q, "labels", json(labels));
        }
        if (!o.cacheFrom.isEmpty()) {
            add(q, "cachefrom", json(o.cacheFrom));
        }
        addIfPresent(q, "platform", o.platform == null ? null : o.platform.toLowerCase(Locale.ROOT));
        add(q, "version", "1"); // the classic builder (BuilderV1), as docker's legacy client asks for it
        Query query = Query.of();
        q.forEach(query::addAll);
        return query;
    }

    /** opts.ValidateEnv then ConvertKVStringsToMapWithNil: KEY alone takes the CLI's environment, or null when unset. */
    static Map<String, String> buildArgs(BuildCommand o) {
        Map<String, String> args = new TreeMap<>();
        for (String arg : o.buildArgs) {
            int eq = arg.indexOf('=');
            String key = eq < 0 ? arg : arg.substring(0, eq);
            if (key.isEmpty()) {
                throw FlagValues.invalid("--build-arg", arg, "invalid environment variable: " + arg);
            }
            args.put(key, eq >= 0 ? arg.substring(eq + 1) : o.session().env(key));
        }
        return args;
    }

    /** opts.ValidateLabel then ConvertKVStringsToMap: KEY alone is an empty value. */
    static Map<String, String> labels(List<String> given) {
        Map<String, String> labels = new TreeMap<>();
        for (String label : given) {
            int eq = label.indexOf('=');
            String key = eq < 0 ? label : label.substring(0, eq);
            String trimmed = key.replaceFirst("^[ \\t\\n\\x0b\\f\\r]+", "");
            if (trimmed.isEmpty()) {
                throw FlagValues.invalid("--label", label, "invalid label '" + label + "': empty name");
            }
            if (trimmed.matches(".*[ \\t\\n\\x0b\\f\\r].*")) {
                throw FlagValues.invalid("--label", label, "label '" + trimmed + "' contains whitespaces");
            }
            labels.put(key, eq < 0 ? "" : label.substring(eq + 1));
        }
        return labels;
    }

    /** Go's json.Marshal: map keys sorted, nil as null. */
    private static String json(Object value) {
        return new String(Json.bytes(value), StandardCharsets.UTF_8);
    }

    private static void add(Map<String, List<String>> q, String key, String value) {
        q.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    private static void set(Map<String, List<String>> q, String key, boolean value) {
        if (value) {
            q.put(key, new ArrayList<>(List.of("1")));
        }
    }

    private static void addIfPresent(Map<String, List<String>> q, String key, String value) {
        if (value != null && !value.isEmpty()) {
            q.put(key, new ArrayList<>(List.of(value)));
        }
    }

    private static void addNonZero(Map<String, List<String>> q, String key, long value) {
        if (value != 0) {
            q.put(key, new ArrayList<>(List.of(Long.toString(value))));
        }
    }
}
