package dev.berth.gateway.volume;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.gateway.api.DockerApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The client's mount requests parsed and checked as moby's linux parser does it
 * (volume/mounts/linux_parser.go), in Docker's words: HostConfig.Binds entries
 * ("src:dst[:mode]") and HostConfig.Mounts objects (--mount).
 */
final class MountSpecs {
    static final Set<String> PROPAGATIONS = Set.of("shared", "rshared", "slave", "rslave", "private", "rprivate");

    /** One request, before volumes are looked up or created. */
    record Spec(String type, String source, String target, boolean readOnly, String mode, String propagation,
            boolean noCopy, Map<String, String> volumeLabels, String volumeDriver, Map<String, String> driverOptions,
            List<String> tmpfsOptions) {}

    private MountSpecs() {}

    /** A Binds entry: "/host:/ctr[:ro|rw|z|Z|propagation]" (a bind) or "name:/ctr[:ro|rw|nocopy|z|Z]" (a volume). */
    static Spec bind(String raw) {
        String[] parts = raw.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw bad("invalid volume specification: '" + raw + "'");
        }
        String source = parts[0];
        String target = parts[1];
        String mode = parts.length == 3 ? parts[2] : "";
        if (!target.startsWith("/")) {
            throw bad("invalid volume specification: '" + raw + "': invalid mount config for type \""
                    + (source.startsWith("/") ? "bind" : "volume") + "\": invalid mount path: '" + target
                    + "' mount path must be absolute");
        }
        if (target.equals("/")) {
            throw bad("invalid volume specification: '" + raw + "': invalid mount config for type \"bind\": "
                    + "invalid specification: destination can't be '/'");
        }
        boolean bind = source.startsWith("/");
        boolean readOnly = false;
        boolean noCopy = false;
        String propagation = "";
        int rwModes = 0;
        int labelModes = 0;
        for (String m : mode.isEmpty() ? new String[0] : mode.split(",")) {
            switch (m) {
                case "ro", "rw" -> {
                    readOnly = m.equals("ro");
                    rwModes++;
                }
                case "z", "Z" -> labelModes++;
                case "nocopy" -> {
                    if (bind) {
                        throw bad("invalid mode: " + mode);
                    }
                    noCopy = true;
                }
                default -> {
                    if (!bind || !PROPAGATIONS.contains(m) || !propagation.isEmpty()) {
                        throw bad("invalid mode: " + mode);
                    }
                    propagation = m;
                }
            }
        }
        if (rwModes > 1 || labelModes > 1) {
            throw bad("invalid mode: " + mode);
        }
        if (!bind) {
            VolumeNames.validate(source);
        }
        return new Spec(bind ? MountPoint.BIND : MountPoint.VOLUME, bind ? clean(source) : source, clean(target),
                readOnly, mode, propagation, noCopy, Map.of(), null, Map.of(), List.of());
    }

    /** A HostConfig.Mounts object (the API's mount.Mount). */
    static Spec mount(JsonNode m) {
        String type = text(m, "Type");
        String source = text(m, "Source");
        String target = text(m, "Target");
        boolean readOnly = m.path("ReadOnly").asBoolean(false);
        JsonNode bindOptions = m.get("BindOptions");
        JsonNode volumeOptions = m.get("VolumeOptions");
        JsonNode tmpfsOptions = m.get("TmpfsOptions");
        if (!List.of(MountPoint.BIND, MountPoint.VOLUME, MountPoint.TMPFS).contains(type)) {
            throw bad(type.isEmpty() ? "invalid mount config: mount type unknown"
                    : "invalid mount config for type \"" + type + "\": mount type unknown");
        }
        String prefix = "invalid mount config for type \"" + type + "\": ";
        if (target.isEmpty()) {
            throw bad(prefix + "field Target must not be empty");
        }
        if (!target.startsWith("/")) {
            throw bad(prefix + "invalid mount path: '" + target + "' mount path must be absolute");
        }
        if (present(bindOptions) && !type.equals(MountPoint.BIND)) {
            throw bad(prefix + "field BindOptions must not be specified");
        }
        if (present(volumeOptions) && !type.equals(MountPoint.VOLUME)) {
            throw bad(prefix + "field VolumeOptions must not be specified");
        }
        if (present(tmpfsOptions) && !type.equals(MountPoint.TMPFS)) {
            throw bad(prefix + "field TmpfsOptions must not be specified");
        }
        switch (type) {
            case MountPoint.BIND -> {
                if (source.isEmpty()) {
                    throw bad(prefix + "field Source must not be empty");
                }
                if (!source.startsWith("/")) {
                    throw bad(prefix + "invalid mount path: '" + source + "' mount path must be absolute");
                }
                String propagation = present(bindOptions) ? text(bindOptions, "Propagation") : "";
                if (!propagation.isEmpty() && !PROPAGATIONS.contains(propagation)) {
                    throw bad(prefix + "invalid propagation mode: " + propagation);
                }
                return new Spec(type, clean(source), clean(target), readOnly, "", propagation, false, Map.of(), null,
                        Map.of(), List.of());
            }
            case MountPoint.VOLUME -> {
                if (!source.isEmpty()) {
                    VolumeNames.validate(source);
                }
                boolean noCopy = present(volumeOptions) && volumeOptions.path("NoCopy").asBoolean(false);
                Map<String, String> labels = present(volumeOptions) ? strings(volumeOptions.get("Labels")) : Map.of();
                JsonNode driverConfig = present(volumeOptions) ? volumeOptions.get("DriverConfig") : null;
                String driver = present(driverConfig) ? text(driverConfig, "Name") : "";
                Map<String, String> options = present(driverConfig) ? strings(driverConfig.get("Options")) : Map.of();
                return new Spec(type, source, clean(target), readOnly, "", "", noCopy, labels, driver, options, List.of());
            }
            default -> {
                if (!source.isEmpty()) {
                    throw bad(prefix + "field Source must not be specified");
                }
                List<String> options = new ArrayList<>();
                if (present(tmpfsOptions)) {
                    long size = tmpfsOptions.path("SizeBytes").asLong(0);
                    if (size < 0) {
                        throw bad(prefix + "invalid tmpfs size: " + size);
                    }
                    if (size > 0) {
                        options.add("size=" + (size % 1024 == 0 ? (size / 1024) + "k" : String.valueOf(size)));
                    }
                    long mode = tmpfsOptions.path("Mode").asLong(0);
                    if (mode != 0) {
                        options.add("mode=" + Long.toOctalString(mode & 07777));
                    }
                }
                return new Spec(type, "", clean(target), readOnly, "", "", false, Map.of(), null, Map.of(), options);
            }
        }
    }

    /** "/a/b/" → "/a/b", "/a//b/./c" → "/a/b/c" (filepath.Clean for absolute paths). */
    static String clean(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.removeLast();
                }
                continue;
            }
            parts.add(part);
        }
        return "/" + String.join("/", parts);
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        if (present(node)) {
            node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        }
        return map;
    }

    private static DockerApiException bad(String message) {
        return DockerApiException.badRequest(message);
    }
}
