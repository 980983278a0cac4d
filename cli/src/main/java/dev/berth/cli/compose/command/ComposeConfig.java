package dev.berth.cli.compose.command;

import dev.berth.cli.compose.model.Project;
import dev.berth.cli.compose.model.ProjectResource;
import dev.berth.cli.compose.model.Service;
import dev.berth.cli.compose.model.ServiceVolume;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth compose config}: the project as compose resolved it (merged, interpolated, normalised), as YAML. */
@Command(name = "config", description = "Parse, resolve and render compose file in canonical format")
final class ComposeConfig extends ComposeSubcommand {
    @Option(names = {"-q", "--quiet"}, description = "Only validate the configuration, don't print anything")
    boolean quiet;

    @Option(names = "--services", description = "Print the service names, one per line")
    boolean services;

    @Option(names = "--volumes", description = "Print the volume names, one per line")
    boolean volumes;

    @Override
    protected int execute() {
        Project project = project();
        if (quiet) {
            return 0;
        }
        if (services) {
            project.services().keySet().forEach(io().out()::println);
            return 0;
        }
        if (volumes) {
            project.volumes().keySet().forEach(io().out()::println);
            return 0;
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(0);
        io().out().print(new Yaml(options).dump(document(project)));
        return 0;
    }

    static Map<String, Object> document(Project project) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("name", project.name());
        Map<String, Object> services = new LinkedHashMap<>();
        project.services().values().forEach(s -> services.put(s.name(), service(s)));
        root.put("services", services);
        root.put("networks", resources(project.networks()));
        if (!project.volumes().isEmpty()) {
            root.put("volumes", resources(project.volumes()));
        }
        return root;
    }

    private static Map<String, Object> service(Service s) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (s.build() != null) {
            Map<String, Object> build = new LinkedHashMap<>();
            build.put("context", s.build().context());
            build.put("dockerfile", s.build().dockerfile());
            putIf(build, "args", s.build().args());
            putIf(build, "target", s.build().target());
            out.put("build", build);
        }
        putIf(out, "image", s.image());
        putIf(out, "command", s.command());
        putIf(out, "entrypoint", s.entrypoint());
        putIf(out, "container_name", s.containerName());
        Map<String, Object> dependsOn = new LinkedHashMap<>();
        s.dependsOn().forEach((name, condition) -> dependsOn.put(name, Map.of("condition", condition)));
        putIf(out, "depends_on", dependsOn);
        putIf(out, "environment", s.environment());
        putIf(out, "expose", s.expose());
        putIf(out, "healthcheck", s.healthcheck() == null ? null : Map.of("test", s.healthcheck().test()));
        putIf(out, "hostname", s.hostname());
        putIf(out, "labels", s.labels());
        putIf(out, "network_mode", s.networkMode());
        Map<String, Object> networks = new LinkedHashMap<>();
        (s.networks().isEmpty() && s.networkMode().isEmpty() ? Map.of("default", List.<String>of()) : s.networks())
                .forEach((name, aliases) -> networks.put(name, aliases.isEmpty() ? null : Map.of("aliases", aliases)));
        putIf(out, "networks", networks);
        putIf(out, "ports", s.ports());
        putIf(out, "restart", s.restart());
        putIf(out, "user", s.user());
        List<Object> volumes = new ArrayList<>();
        for (ServiceVolume v : s.volumes()) {
            Map<String, Object> volume = new LinkedHashMap<>();
            volume.put("type", v.type().name().toLowerCase(java.util.Locale.ROOT));
            putIf(volume, "source", v.source());
            volume.put("target", v.target());
            if (v.readOnly()) {
                volume.put("read_only", true);
            }
            volumes.add(volume);
        }
        putIf(out, "volumes", volumes);
        putIf(out, "working_dir", s.workingDir());
        return out;
    }

    private static Map<String, Object> resources(Map<String, ProjectResource> resources) {
        Map<String, Object> out = new LinkedHashMap<>();
        resources.forEach((key, r) -> {
            Map<String, Object> resource = new LinkedHashMap<>();
            resource.put("name", r.name());
            if (r.external()) {
                resource.put("external", true);
            }
            putIf(resource, "driver", r.driver());
            putIf(resource, "driver_opts", r.driverOpts());
            putIf(resource, "labels", r.labels());
            out.put(key, resource);
        });
        return out;
    }

    private static void putIf(Map<String, Object> map, String key, Object value) {
        boolean empty = value == null || (value instanceof String s && s.isEmpty()) || (value instanceof Map<?, ?> m && m.isEmpty())
                || (value instanceof List<?> l && l.isEmpty());
        if (!empty) {
            map.put(key, value);
        }
    }
}
