package dev.berth.cli.compose.load;

import dev.berth.cli.compose.engine.DependencyOrder;
import dev.berth.cli.compose.model.Project;
import dev.berth.cli.compose.model.ProjectResource;
import dev.berth.cli.compose.model.Service;
import dev.berth.cli.compose.model.ServiceVolume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a Compose project as compose does: the files (-f, else compose.yaml, compose.yml,
 * docker-compose.yaml or docker-compose.yml in the directory or a parent, plus its
 * .override), variables from the shell and the project's .env (the shell wins), interpolation
 * of every value, later files merged over earlier ones (mappings key by key, anything else
 * replaced), and the project name (-p, COMPOSE_PROJECT_NAME, the file's name:, the directory).
 */
public final class ComposeLoader {
    private static final List<String> DEFAULT_FILES = List.of("compose.yaml", "compose.yml", "docker-compose.yaml",
            "docker-compose.yml");
    private static final Set<String> TOP_LEVEL = Set.of("version", "name", "services", "networks", "volumes", "secrets", "configs");

    /** What the command line says: -f files, --project-directory, -p, --env-file; empty/null when not given. */
    public record Options(List<Path> files, Path projectDirectory, String projectName, Path envFile) {}

    private final Function<String, String> shell;
    private final Path workingDirectory;

    /** @param shell the shell's environment: a variable's value or null */
    public ComposeLoader(Function<String, String> shell, Path workingDirectory) {
        this.shell = shell;
        this.workingDirectory = workingDirectory;
    }

    public Project load(Options options) {
        List<Path> files = options.files().isEmpty() ? discover() : options.files().stream()
                .map(f -> workingDirectory.resolve(f).normalize()).toList();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new ComposeFileException("open " + file + ": no such file or directory");
            }
        }
        Path projectDir = options.projectDirectory() != null ? workingDirectory.resolve(options.projectDirectory()).normalize()
                : files.getFirst().getParent();
        Path envFile = options.envFile() != null ? workingDirectory.resolve(options.envFile()) : projectDir.resolve(".env");
        Map<String, String> dotEnv = new HashMap<>();
        if (Files.isRegularFile(envFile)) {
            dotEnv.putAll(DotEnv.read(envFile));
        } else if (options.envFile() != null) {
            throw new ComposeFileException("Couldn't find env file: " + envFile);
        }
        Function<String, String> variables = name -> {
            String value = shell.apply(name);
            return value != null ? value : dotEnv.get(name);
        };
        Interpolation interpolation = new Interpolation(variables);

        Map<String, Object> merged = new LinkedHashMap<>();
        YamlFile first = null;
        for (Path file : files) {
            YamlFile yaml = YamlFile.read(file);
            first = first == null ? yaml : first;
            @SuppressWarnings("unchecked")
            Map<String, Object> interpolated = (Map<String, Object>) interpolate(yaml, "", yaml.root(), interpolation);
            deepMerge(merged, interpolated);
        }
        YamlFile located = new YamlFile(first.path(), merged, first.lines());
        Section root = new Section(located, "", merged);
        root.allowOnly(TOP_LEVEL);
        if (!root.section("secrets").keys().isEmpty() || !root.section("configs").keys().isEmpty()) {
            throw root.error(root.section("secrets").keys().isEmpty() ? "configs" : "secrets",
                    "secrets and configs are not supported by berth compose");
        }
        String name = projectName(options, variables, root, projectDir);
        Map<String, Service> services = services(root, projectDir, variables);
        Map<String, ProjectResource> networks = resources(root, "networks", name, true);
        Map<String, ProjectResource> volumes = resources(root, "volumes", name, false);
        check(root, services, networks, volumes);
        try {
            DependencyOrder.of(services.values()); // a cycle is an error at load time, as in compose
        } catch (DependencyCycleException e) {
            String key = "services." + e.cycle().getFirst() + ".depends_on";
            throw e.at(located.where(key) + key + ": ");
        }
        return new Project(name, projectDir, files, services, networks, volumes, located::where);
    }

    private List<Path> discover() {
        for (Path dir = workingDirectory; dir != null; dir = dir.getParent()) {
            for (String candidate : DEFAULT_FILES) {
                Path file = dir.resolve(candidate);
                if (Files.isRegularFile(file)) {
                    List<Path> files = new ArrayList<>(List.of(file));
                    String base = candidate.substring(0, candidate.lastIndexOf('.'));
                    for (String ext : List.of(".yaml", ".yml")) {
                        Path override = dir.resolve(base + ".override" + ext);
                        if (Files.isRegularFile(override)) {
                            files.add(override);
                            break;
                        }
                    }
                    return files;
                }
            }
        }
        throw new ComposeFileException("no configuration file provided: not found");
    }

    private static Object interpolate(YamlFile file, String path, Object value, Interpolation interpolation) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                String key = String.valueOf(k);
                out.put(key, interpolate(file, path.isEmpty() ? key : path + "." + key, v, interpolation));
            });
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                out.add(interpolate(file, path + "[" + i + "]", list.get(i), interpolation));
            }
            return out;
        }
        if (value instanceof String text) {
            try {
                return interpolation.apply(text);
            } catch (IllegalArgumentException e) {
                throw new ComposeFileException(file.where(path) + path + ": " + e.getMessage());
            }
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static void deepMerge(Map<String, Object> base, Map<String, Object> override) {
        override.forEach((key, value) -> {
            if (value instanceof Map<?, ?> map && base.get(key) instanceof Map<?, ?> existing) {
                Map<String, Object> combined = new LinkedHashMap<>((Map<String, Object>) existing);
                deepMerge(combined, (Map<String, Object>) map);
                base.put(key, combined);
            } else {
                base.put(key, value);
            }
        });
    }

    private String projectName(Options options, Function<String, String> variables, Section root, Path projectDir) {
        String name = options.projectName();
        if (name == null || name.isEmpty()) {
            name = java.util.Objects.requireNonNullElse(variables.apply("COMPOSE_PROJECT_NAME"), "");
        }
        if (name.isEmpty()) {
            name = root.string("name", "");
        }
        if (name.isEmpty()) {
            Path dirName = projectDir.getFileName();
            name = dirName == null ? "default" : dirName.toString();
        }
        String normalised = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
        if (normalised.isEmpty() || !Character.isLetterOrDigit(normalised.charAt(0))) {
            throw new ComposeFileException("invalid project name \"" + name + "\": must consist only of lowercase alphanumeric "
                    + "characters, hyphens, and underscores as well as start with a letter or number");
        }
        return normalised;
    }

    private Map<String, Service> services(Section root, Path projectDir, Function<String, String> variables) {
        Section section = root.section("services");
        if (section.keys().isEmpty()) {
            throw root.error("services", "no service defined: empty compose file");
        }
        ServiceReader reader = new ServiceReader(projectDir, variables);
        Map<String, Service> services = new LinkedHashMap<>();
        for (String name : section.keys()) {
            services.put(name, reader.read(name, section.section(name)));
        }
        return services;
    }

    private static Map<String, ProjectResource> resources(Section root, String kind, String project, boolean network) {
        Map<String, ProjectResource> resources = new LinkedHashMap<>();
        Section section = root.section(kind);
        if (network && !section.keys().contains("default")) {
            resources.put("default", new ProjectResource("default", project + "_default", false, "", Map.of(), Map.of(), false, ""));
        }
        for (String key : section.keys()) {
            Section r = section.section(key);
            r.allowOnly(network ? Set.of("name", "driver", "driver_opts", "labels", "external", "internal", "ipam", "attachable",
                    "enable_ipv6") : Set.of("name", "driver", "driver_opts", "labels", "external"));
            boolean external = r.isMap("external") || r.bool("external");
            String name = r.string("name", external ? key : project + "_" + key);
            Map<String, String> labels = new LinkedHashMap<>();
            r.keyValues("labels").forEach((k, v) -> labels.put(k, v == null ? "" : v));
            String subnet = "";
            if (network && r.has("ipam")) {
                List<Object> config = r.section("ipam").items("config");
                if (!config.isEmpty() && config.getFirst() instanceof Map<?, ?> first && first.get("subnet") != null) {
                    subnet = String.valueOf(first.get("subnet"));
                }
            }
            Map<String, String> options = new LinkedHashMap<>();
            r.keyValues("driver_opts").forEach((k, v) -> options.put(k, v == null ? "" : v));
            resources.put(key, new ProjectResource(key, name, external, r.string("driver", ""), options, labels,
                    network && r.bool("internal"), subnet));
        }
        return resources;
    }

    private static void check(Section root, Map<String, Service> services, Map<String, ProjectResource> networks,
                              Map<String, ProjectResource> volumes) {
        Section section = root.section("services");
        for (Service service : services.values()) {
            for (String dependency : service.dependsOn().keySet()) {
                if (!services.containsKey(dependency)) {
                    throw section.error(service.name() + ".depends_on", "service " + service.name()
                            + " depends on undefined service " + dependency + ": invalid compose project");
                }
            }
            for (String network : service.networks().keySet()) {
                if (!networks.containsKey(network)) {
                    throw section.error(service.name() + ".networks", "service \"" + service.name()
                            + "\" refers to undefined network " + network + ": invalid compose project");
                }
            }
            for (ServiceVolume volume : service.volumes()) {
                if (volume.type() == ServiceVolume.Type.VOLUME && !volume.source().isEmpty()
                        && !volumes.containsKey(volume.source())) {
                    throw section.error(service.name() + ".volumes", "service \"" + service.name()
                            + "\" refers to undefined volume " + volume.source() + ": invalid compose project");
                }
            }
        }
    }
}
