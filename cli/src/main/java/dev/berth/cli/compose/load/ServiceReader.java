package dev.berth.cli.compose.load;

import dev.berth.cli.compose.model.Service;
import dev.berth.cli.compose.model.ServiceVolume;
import dev.berth.cli.flags.GoDuration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** One entry of {@code services:} into a {@link Service}: every key compose accepts is read or refused. */
final class ServiceReader {
    static final Set<String> KEYS = Set.of("image", "build", "command", "entrypoint", "environment", "env_file", "ports",
            "expose", "volumes", "tmpfs", "networks", "network_mode", "depends_on", "restart", "healthcheck", "labels", "user",
            "working_dir", "hostname", "container_name", "stop_signal", "stop_grace_period", "init", "privileged",
            "read_only", "tty", "stdin_open", "cap_add", "cap_drop", "extra_hosts", "dns", "mem_limit", "cpus", "scale",
            "deploy");

    private final Path projectDir;
    private final Function<String, String> shellEnvironment;

    ServiceReader(Path projectDir, Function<String, String> shellEnvironment) {
        this.projectDir = projectDir;
        this.shellEnvironment = shellEnvironment;
    }

    Service read(String name, Section s) {
        s.allowOnly(KEYS);
        String image = s.string("image", "");
        Service.BuildSpec build = build(s);
        if (image.isEmpty() && build == null) {
            throw s.error(null, "has neither an image nor a build context specified: At least one must be provided.");
        }
        return new Service(name, image, build,
                words(s, "command"), words(s, "entrypoint"),
                environment(s), ports(s), s.list("expose"), volumes(s), s.list("tmpfs"), networks(s),
                s.string("network_mode", ""), dependsOn(s), s.string("restart", ""), healthcheck(s),
                labels(s), s.string("user", ""), s.string("working_dir", ""), s.string("hostname", ""),
                s.string("container_name", ""), s.string("stop_signal", ""), stopGrace(s),
                s.bool("init"), s.bool("privileged"), s.bool("read_only"), s.bool("tty"), s.bool("stdin_open"),
                s.list("cap_add"), s.list("cap_drop"), s.list("extra_hosts"), s.list("dns"),
                s.string("mem_limit", ""), s.string("cpus", ""), scale(s));
    }

    private Service.BuildSpec build(Section s) {
        if (!s.has("build")) {
            return null;
        }
        String context;
        String dockerfile = "Dockerfile";
        Map<String, String> args = new LinkedHashMap<>();
        String target = "";
        if (!s.isMap("build")) {
            context = s.string("build", ".");
        } else {
            Section b = s.section("build");
            b.allowOnly(Set.of("context", "dockerfile", "args", "target", "labels", "network", "cache_from", "shm_size"));
            context = b.string("context", ".");
            dockerfile = b.string("dockerfile", "Dockerfile");
            b.keyValues("args").forEach((k, v) -> args.put(k, v != null ? v : shellEnvironment.apply(k)));
            args.values().removeIf(java.util.Objects::isNull);
            target = b.string("target", "");
        }
        return new Service.BuildSpec(projectDir.resolve(context).normalize().toString(), dockerfile, args, target);
    }

    /** command/entrypoint: a list as is, a string split as a shell would (compose's shlex). */
    private static List<String> words(Section s, String key) {
        Object value = s.stringOrList(key);
        if (value == null) {
            return null;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        try {
            return ShellWords.split((String) value);
        } catch (IllegalArgumentException e) {
            throw s.error(key, e.getMessage());
        }
    }

    private Map<String, String> environment(Section s) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String file : s.list("env_file")) {
            environment.putAll(DotEnv.read(projectDir.resolve(file)));
        }
        s.keyValues("environment").forEach((k, v) -> environment.put(k, v != null ? v : shellEnvironment.apply(k)));
        environment.values().removeIf(java.util.Objects::isNull);
        return environment;
    }

    private static Map<String, String> labels(Section s) {
        Map<String, String> labels = new LinkedHashMap<>();
        s.keyValues("labels").forEach((k, v) -> labels.put(k, v == null ? "" : v));
        return labels;
    }

    /** Short syntax as docker's -p; the long syntax (target, published, protocol, host_ip) turned into it. */
    private static List<String> ports(Section s) {
        List<String> ports = new ArrayList<>();
        List<Object> items = s.items("ports");
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof Map<?, ?> map) {
                Section p = s.itemSection("ports", i, map);
                p.allowOnly(Set.of("target", "published", "protocol", "host_ip", "mode", "name", "app_protocol"));
                String target = p.string("target", "");
                if (target.isEmpty()) {
                    throw p.error("target", "is required");
                }
                String published = p.string("published", "");
                String hostIp = p.string("host_ip", "");
                String spec = (hostIp.isEmpty() ? "" : hostIp + ":") + (published.isEmpty() && hostIp.isEmpty() ? "" : published + ":")
                        + target + "/" + p.string("protocol", "tcp");
                ports.add(spec);
            } else {
                ports.add(String.valueOf(items.get(i)));
            }
        }
        return ports;
    }

    private List<ServiceVolume> volumes(Section s) {
        List<ServiceVolume> volumes = new ArrayList<>();
        List<Object> items = s.items("volumes");
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof Map<?, ?> map) {
                volumes.add(longVolume(s.itemSection("volumes", i, map)));
            } else {
                try {
                    volumes.add(shortVolume(String.valueOf(items.get(i))));
                } catch (IllegalArgumentException e) {
                    throw s.error("volumes", e.getMessage());
                }
            }
        }
        return volumes;
    }

    /** "name:/path[:ro]", "./dir:/path", "/host:/path", "/path" (anonymous). */
    ServiceVolume shortVolume(String spec) {
        String[] parts = spec.split(":", -1);
        if (parts.length == 1) {
            return new ServiceVolume(ServiceVolume.Type.VOLUME, "", parts[0], false, false, 0);
        }
        if (parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("invalid volume specification: '" + spec + "'");
        }
        boolean readOnly = parts.length == 3 && List.of(parts[2].split(",")).contains("ro");
        boolean noCopy = parts.length == 3 && List.of(parts[2].split(",")).contains("nocopy");
        String source = parts[0];
        if (source.startsWith(".") || source.startsWith("/") || source.startsWith("~")) {
            String expanded = source.startsWith("~") ? System.getProperty("user.home") + source.substring(1) : source;
            return new ServiceVolume(ServiceVolume.Type.BIND, projectDir.resolve(expanded).normalize().toString(), parts[1],
                    readOnly, false, 0);
        }
        return new ServiceVolume(ServiceVolume.Type.VOLUME, source, parts[1], readOnly, noCopy, 0);
    }

    private ServiceVolume longVolume(Section v) {
        v.allowOnly(Set.of("type", "source", "target", "read_only", "bind", "volume", "tmpfs", "consistency"));
        String target = v.string("target", "");
        if (target.isEmpty()) {
            throw v.error("target", "is required");
        }
        String source = v.string("source", "");
        boolean readOnly = v.bool("read_only");
        return switch (v.string("type", "volume")) {
            case "volume" -> new ServiceVolume(ServiceVolume.Type.VOLUME, source, target, readOnly,
                    v.section("volume").bool("nocopy"), 0);
            case "bind" -> new ServiceVolume(ServiceVolume.Type.BIND, projectDir.resolve(source).normalize().toString(), target,
                    readOnly, false, 0);
            case "tmpfs" -> new ServiceVolume(ServiceVolume.Type.TMPFS, "", target, readOnly, false,
                    Long.parseLong(v.section("tmpfs").string("size", "0")));
            default -> throw v.error("type", "must be one of volume, bind, tmpfs");
        };
    }

    private static Map<String, List<String>> networks(Section s) {
        Map<String, List<String>> networks = new LinkedHashMap<>();
        if (!s.has("networks")) {
            return networks;
        }
        if (!s.isMap("networks")) {
            s.list("networks").forEach(n -> networks.put(n, List.of()));
            return networks;
        }
        Section section = s.section("networks");
        for (String key : section.keys()) {
            Section network = section.section(key); // a null entry ("web:") reads as an empty mapping
            network.allowOnly(Set.of("aliases", "ipv4_address", "ipv6_address", "priority"));
            networks.put(key, network.list("aliases"));
        }
        return networks;
    }

    private static Map<String, String> dependsOn(Section s) {
        Map<String, String> dependsOn = new LinkedHashMap<>();
        if (!s.has("depends_on")) {
            return dependsOn;
        }
        if (!s.isMap("depends_on")) {
            s.list("depends_on").forEach(d -> dependsOn.put(d, "service_started"));
            return dependsOn;
        }
        Section section = s.section("depends_on");
        for (String key : section.keys()) {
            Section dependency = section.section(key);
            dependency.allowOnly(Set.of("condition", "restart", "required"));
            String condition = dependency.string("condition", "service_started");
            if (!Set.of("service_started", "service_healthy", "service_completed_successfully").contains(condition)) {
                throw dependency.error("condition", "must be one of service_started, service_healthy, service_completed_successfully");
            }
            dependsOn.put(key, condition);
        }
        return dependsOn;
    }

    private static Service.Healthcheck healthcheck(Section s) {
        if (!s.has("healthcheck")) {
            return null;
        }
        Section h = s.section("healthcheck");
        h.allowOnly(Set.of("test", "interval", "timeout", "retries", "start_period", "disable"));
        if (h.bool("disable")) {
            return new Service.Healthcheck(List.of("NONE"), 0, 0, 0, 0);
        }
        Object test = h.stringOrList("test");
        List<String> command = test instanceof List<?> list ? list.stream().map(String::valueOf).toList()
                : test == null ? List.of() : List.of("CMD-SHELL", (String) test);
        return new Service.Healthcheck(command, duration(h, "interval"), duration(h, "timeout"),
                Integer.parseInt(h.string("retries", "0")), duration(h, "start_period"));
    }

    private static long duration(Section s, String key) {
        String text = s.string(key, "");
        if (text.isEmpty()) {
            return 0;
        }
        try {
            return GoDuration.parseNanos(text);
        } catch (IllegalArgumentException e) {
            throw s.error(key, "invalid duration " + text);
        }
    }

    private static Long stopGrace(Section s) {
        String text = s.string("stop_grace_period", "");
        return text.isEmpty() ? null : duration(s, "stop_grace_period") / 1_000_000_000L;
    }

    private static int scale(Section s) {
        String replicas = s.section("deploy").string("replicas", "");
        String scale = s.string("scale", replicas.isEmpty() ? "1" : replicas);
        try {
            return Integer.parseInt(scale);
        } catch (NumberFormatException e) {
            throw s.error("scale", "must be an integer");
        }
    }
}
