package dev.berth.cli.command;

import dev.berth.cli.flags.FlagValues;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * -v, --mount and --tmpfs as the API wants them (docker's CLI: opts/mount.go and
 * container/opts.go): Binds for "src:dst[:mode]" (a relative "./src" made absolute), Config.Volumes
 * for an anonymous "/dst", HostConfig.Mounts for --mount, HostConfig.Tmpfs for --tmpfs.
 */
record VolumeSpecs(List<String> binds, Map<String, Object> anonymous, List<Map<String, Object>> mounts, Map<String, String> tmpfs) {
    private static final Set<String> TYPES = Set.of("bind", "volume", "tmpfs", "npipe", "cluster");

    static VolumeSpecs parse(List<String> volumes, List<String> mountSpecs, List<String> tmpfsSpecs) {
        List<String> binds = new ArrayList<>();
        Map<String, Object> anonymous = new LinkedHashMap<>();
        for (String volume : volumes) {
            String[] parts = volume.split(":", -1);
            if (volume.isEmpty() || parts.length > 3 || List.of(parts).contains("")) {
                throw new IllegalArgumentException("invalid volume specification: '" + volume + "'");
            }
            if (parts.length == 1) {
                anonymous.put(parts[0], Map.of());
            } else {
                String bind = parts[0].startsWith(".")
                        ? Path.of(parts[0]).toAbsolutePath().normalize() + volume.substring(parts[0].length()) : volume;
                if (!binds.contains(bind)) { // docker's client keeps them in a set
                    binds.add(bind);
                }
            }
        }
        List<Map<String, Object>> mounts = new ArrayList<>();
        for (String spec : mountSpecs) {
            try {
                mounts.add(mount(spec));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid argument \"" + spec + "\" for \"--mount\" flag: " + e.getMessage());
            }
        }
        Map<String, String> tmpfs = new LinkedHashMap<>();
        for (String spec : tmpfsSpecs) {
            int colon = spec.indexOf(':');
            tmpfs.put(colon < 0 ? spec : spec.substring(0, colon), colon < 0 ? "" : spec.substring(colon + 1));
        }
        return new VolumeSpecs(binds, anonymous, mounts, tmpfs);
    }

    /** docker's MountOpt.Set: "type=bind,source=/a,target=/b,readonly", fields in CSV, keys case-insensitive. */
    static Map<String, Object> mount(String spec) {
        Map<String, Object> mount = new LinkedHashMap<>();
        Map<String, Object> bindOptions = new LinkedHashMap<>();
        Map<String, Object> volumeOptions = new LinkedHashMap<>();
        Map<String, Object> tmpfsOptions = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, Object> driverConfig = new LinkedHashMap<>();
        Map<String, String> driverOptions = new LinkedHashMap<>();
        String type = "volume";
        for (String field : csv(spec)) {
            int eq = field.indexOf('=');
            String key = (eq < 0 ? field : field.substring(0, eq)).trim().toLowerCase();
            String value = eq < 0 ? null : field.substring(eq + 1);
            if (value == null && !Set.of("readonly", "ro", "volume-nocopy", "bind-nonrecursive").contains(key)) {
                throw new IllegalArgumentException("invalid field '" + field + "' must be a key=value pair");
            }
            switch (key) {
                case "type" -> type = value;
                case "source", "src" -> mount.put("Source", value);
                case "target", "destination", "dst" -> mount.put("Target", value);
                case "readonly", "ro" -> mount.put("ReadOnly", bool(field, value));
                case "consistency" -> mount.put("Consistency", value);
                case "bind-propagation" -> bindOptions.put("Propagation", value.toLowerCase());
                case "bind-nonrecursive" -> bindOptions.put("NonRecursive", bool(field, value));
                case "volume-nocopy" -> volumeOptions.put("NoCopy", bool(field, value));
                case "volume-label" -> {
                    int at = value.indexOf('=');
                    labels.put(at < 0 ? value : value.substring(0, at), at < 0 ? "" : value.substring(at + 1));
                }
                case "volume-driver" -> driverConfig.put("Name", value);
                case "volume-opt" -> {
                    int at = value.indexOf('=');
                    if (at < 0) {
                        throw new IllegalArgumentException("invalid value for volume-opt: " + value);
                    }
                    driverOptions.put(value.substring(0, at), value.substring(at + 1));
                }
                case "tmpfs-size" -> {
                    try {
                        tmpfsOptions.put("SizeBytes", FlagValues.bytes("--mount", value));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("invalid value for " + key + ": " + value);
                    }
                }
                case "tmpfs-mode" -> {
                    try {
                        tmpfsOptions.put("Mode", Long.parseLong(value, 8));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("invalid value for " + key + ": " + value);
                    }
                }
                default -> throw new IllegalArgumentException("unexpected key '" + key + "' in '" + field + "'");
            }
        }
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("invalid value for type: " + type); // left to the daemon by docker; refused early
        }
        mount.put("Type", type);
        if (!mount.containsKey("Target")) {
            throw new IllegalArgumentException("target is required");
        }
        if (!labels.isEmpty()) {
            volumeOptions.put("Labels", labels);
        }
        if (!driverOptions.isEmpty()) {
            driverConfig.put("Options", driverOptions);
        }
        if (!driverConfig.isEmpty()) {
            volumeOptions.put("DriverConfig", driverConfig);
        }
        if (!volumeOptions.isEmpty() && !type.equals("volume")) {
            throw new IllegalArgumentException("cannot mix 'volume-*' options with mount type '" + type + "'");
        }
        if (!bindOptions.isEmpty() && !type.equals("bind")) {
            throw new IllegalArgumentException("cannot mix 'bind-*' options with mount type '" + type + "'");
        }
        if (!tmpfsOptions.isEmpty() && !type.equals("tmpfs")) {
            throw new IllegalArgumentException("cannot mix 'tmpfs-*' options with mount type '" + type + "'");
        }
        putIfNotEmpty(mount, "BindOptions", bindOptions);
        putIfNotEmpty(mount, "VolumeOptions", volumeOptions);
        putIfNotEmpty(mount, "TmpfsOptions", tmpfsOptions);
        return mount;
    }

    private static void putIfNotEmpty(Map<String, Object> mount, String key, Map<String, Object> value) {
        if (!value.isEmpty()) {
            mount.put(key, value);
        }
    }

    /** Go's strconv.ParseBool, a field without a value being true. */
    private static boolean bool(String field, String value) {
        if (value == null) {
            return true;
        }
        return switch (value) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new IllegalArgumentException("invalid value for " + field.substring(0, field.indexOf('=')) + ": " + value);
        };
    }

    /** encoding/csv's one record: fields split at commas, a field in double quotes may hold commas and "" for a quote. */
    private static List<String> csv(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
