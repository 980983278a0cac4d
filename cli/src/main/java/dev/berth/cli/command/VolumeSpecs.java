package dev.berth.cli.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * -v, --mount and --tmpfs as the API wants them: Binds for "src:dst[:mode]", Config.Volumes
 * for an anonymous "/dst", HostConfig.Mounts for --mount, HostConfig.Tmpfs for --tmpfs.
 */
record VolumeSpecs(List<String> binds, Map<String, Object> anonymous, List<Map<String, Object>> mounts, Map<String, String> tmpfs) {

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
                binds.add(volume);
            }
        }
        List<Map<String, Object>> mounts = new ArrayList<>();
        for (String spec : mountSpecs) {
            mounts.add(mount(spec));
        }
        Map<String, String> tmpfs = new LinkedHashMap<>();
        for (String spec : tmpfsSpecs) {
            int colon = spec.indexOf(':');
            tmpfs.put(colon < 0 ? spec : spec.substring(0, colon), colon < 0 ? "" : spec.substring(colon + 1));
        }
        return new VolumeSpecs(binds, anonymous, mounts, tmpfs);
    }

    /** type=bind,source=/a,target=/b,readonly */
    private static Map<String, Object> mount(String spec) {
        Map<String, Object> mount = new LinkedHashMap<>();
        mount.put("Type", "volume");
        for (String field : spec.split(",")) {
            int eq = field.indexOf('=');
            String key = (eq < 0 ? field : field.substring(0, eq)).trim().toLowerCase();
            String value = eq < 0 ? "" : field.substring(eq + 1);
            switch (key) {
                case "type" -> mount.put("Type", value);
                case "source", "src" -> mount.put("Source", value);
                case "target", "destination", "dst" -> mount.put("Target", value);
                case "readonly", "ro" -> mount.put("ReadOnly", eq < 0 || value.equals("true") || value.equals("1"));
                case "consistency" -> mount.put("Consistency", value);
                case "bind-propagation" -> mount.put("BindOptions", Map.of("Propagation", value));
                case "volume-nocopy" -> mount.put("VolumeOptions", Map.of("NoCopy", eq < 0 || value.equals("true")));
                case "tmpfs-size" -> mount.put("TmpfsOptions", Map.of("SizeBytes", Long.parseLong(value)));
                default -> throw new IllegalArgumentException("invalid argument for --mount: unexpected key '" + key + "' in '" + spec + "'");
            }
        }
        if (!mount.containsKey("Target")) {
            throw new IllegalArgumentException("invalid argument for --mount: target is required in '" + spec + "'");
        }
        return mount;
    }
}
