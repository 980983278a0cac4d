package dev.berth.cli.compose.engine;

import dev.berth.cli.command.PortSpecs;
import dev.berth.cli.compose.model.Project;
import dev.berth.cli.compose.model.ProjectResource;
import dev.berth.cli.compose.model.Service;
import dev.berth.cli.compose.model.ServiceVolume;
import dev.berth.cli.flags.FlagValues;
import dev.berth.cli.flags.RestartPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of POST /containers/create for a service's container: the service's settings in the
 * Engine API's words, compose's labels, the project's network (with the service's name as an
 * alias) and volumes ({project}_{name}).
 */
public final class ContainerSpec {
    private final Project project;

    public ContainerSpec(Project project) {
        this.project = project;
    }

    /** What the config hash covers: everything but the labels that differ between the service's containers. */
    public Map<String, Object> template(Service service) {
        return body(service, 0, false, null, "");
    }

    /**
     * @param command   the one-off command (compose run), null for the service's
     * @param hash      the config hash label's value, "" for none
     */
    public Map<String, Object> body(Service service, int number, boolean oneoff, List<String> command, String hash) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Image", service.imageFor(project.name()));
        List<String> cmd = command != null ? command : service.command();
        if (cmd != null) {
            body.put("Cmd", cmd);
        }
        if (service.entrypoint() != null) {
            body.put("Entrypoint", service.entrypoint().isEmpty() ? List.of("") : service.entrypoint());
        }
        List<String> env = new ArrayList<>();
        service.environment().forEach((k, v) -> env.add(k + "=" + v));
        body.put("Env", env);
        body.put("Labels", labels(service, number, oneoff, hash));
        PortSpecs ports = PortSpecs.parse(service.ports(), service.expose());
        body.put("ExposedPorts", ports.exposed());
        putIfSet(body, "Hostname", service.hostname());
        putIfSet(body, "User", service.user());
        putIfSet(body, "WorkingDir", service.workingDir());
        putIfSet(body, "StopSignal", service.stopSignal());
        if (service.stopGracePeriodSeconds() != null) {
            body.put("StopTimeout", service.stopGracePeriodSeconds());
        }
        body.put("Tty", service.tty());
        body.put("OpenStdin", service.stdinOpen());
        if (service.healthcheck() != null) {
            Service.Healthcheck h = service.healthcheck();
            body.put("Healthcheck", Map.of("Test", h.test(), "Interval", h.intervalNanos(), "Timeout", h.timeoutNanos(),
                    "Retries", h.retries(), "StartPeriod", h.startPeriodNanos()));
        }
        Map<String, Object> anonymous = new LinkedHashMap<>();
        service.volumes().stream()
                .filter(v -> v.type() == ServiceVolume.Type.VOLUME && v.source().isEmpty())
                .forEach(v -> anonymous.put(v.target(), Map.of()));
        if (!anonymous.isEmpty()) {
            body.put("Volumes", anonymous);
        }
        body.put("HostConfig", hostConfig(service, ports));
        String primary = primaryNetwork(service);
        if (primary != null) {
            List<String> aliases = new ArrayList<>(List.of(service.name()));
            aliases.addAll(service.networks().getOrDefault(primaryKey(service), List.of()));
            body.put("NetworkingConfig", Map.of("EndpointsConfig", Map.of(primary, Map.of("Aliases", aliases))));
        }
        return body;
    }

    /** The engine's name of the network the container is created on: the first of the service's, else {project}_default. */
    public String primaryNetwork(Service service) {
        String key = primaryKey(service);
        return key == null ? null : project.networks().get(key).name();
    }

    private String primaryKey(Service service) {
        if (!service.networkMode().isEmpty()) {
            return null;
        }
        return service.networks().isEmpty() ? "default" : service.networks().keySet().iterator().next();
    }

    /** The service's other networks, joined after create: engine name to aliases (the service's name first). */
    public Map<String, List<String>> secondaryNetworks(Service service) {
        Map<String, List<String>> secondary = new LinkedHashMap<>();
        String primary = primaryKey(service);
        service.networks().forEach((key, aliases) -> {
            if (!key.equals(primary)) {
                List<String> all = new ArrayList<>(List.of(service.name()));
                all.addAll(aliases);
                ProjectResource network = project.networks().get(key);
                secondary.put(network.name(), all);
            }
        });
        return secondary;
    }

    private Map<String, String> labels(Service service, int number, boolean oneoff, String hash) {
        Map<String, String> labels = new LinkedHashMap<>(service.labels());
        labels.put(ComposeLabels.PROJECT, project.name());
        labels.put(ComposeLabels.SERVICE, service.name());
        labels.put(ComposeLabels.ONEOFF, oneoff ? "True" : "False");
        labels.put(ComposeLabels.VERSION, ComposeLabels.COMPOSE_VERSION);
        labels.put(ComposeLabels.WORKING_DIR, project.workingDir().toString());
        labels.put(ComposeLabels.CONFIG_FILES, String.join(",", project.configFiles().stream().map(Object::toString).toList()));
        labels.put(ComposeLabels.DEPENDS_ON, String.join(",", service.dependsOn().entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue() + ":false").toList()));
        if (number > 0) {
            labels.put(ComposeLabels.NUMBER, Integer.toString(number));
        }
        if (!hash.isEmpty()) {
            labels.put(ComposeLabels.CONFIG_HASH, hash);
        }
        return labels;
    }

    private Map<String, Object> hostConfig(Service service, PortSpecs ports) {
        Map<String, Object> host = new LinkedHashMap<>();
        List<String> binds = new ArrayList<>();
        List<Map<String, Object>> mounts = new ArrayList<>();
        for (ServiceVolume volume : service.volumes()) {
            switch (volume.type()) {
                case BIND -> binds.add(volume.source() + ":" + volume.target() + (volume.readOnly() ? ":ro" : ":rw"));
                case VOLUME -> {
                    if (!volume.source().isEmpty()) {
                        String name = project.volumes().get(volume.source()).name();
                        List<String> modes = new ArrayList<>(List.of(volume.readOnly() ? "ro" : "rw"));
                        if (volume.noCopy()) {
                            modes.add("nocopy");
                        }
                        binds.add(name + ":" + volume.target() + ":" + String.join(",", modes));
                    }
                }
                case TMPFS -> {
                    Map<String, Object> mount = new LinkedHashMap<>();
                    mount.put("Type", "tmpfs");
                    mount.put("Target", volume.target());
                    mount.put("ReadOnly", volume.readOnly());
                    if (volume.tmpfsSize() > 0) {
                        mount.put("TmpfsOptions", Map.of("SizeBytes", volume.tmpfsSize()));
                    }
                    mounts.add(mount);
                }
            }
        }
        host.put("Binds", binds);
        if (!mounts.isEmpty()) {
            host.put("Mounts", mounts);
        }
        if (!service.tmpfs().isEmpty()) {
            Map<String, String> tmpfs = new LinkedHashMap<>();
            for (String spec : service.tmpfs()) {
                int colon = spec.indexOf(':');
                tmpfs.put(colon < 0 ? spec : spec.substring(0, colon), colon < 0 ? "" : spec.substring(colon + 1));
            }
            host.put("Tmpfs", tmpfs);
        }
        host.put("PortBindings", ports.bindings());
        if (!service.restart().isEmpty()) {
            host.put("RestartPolicy", RestartPolicy.parse(service.restart()));
        }
        String primary = primaryNetwork(service);
        host.put("NetworkMode", primary != null ? primary : service.networkMode());
        if (service.init()) {
            host.put("Init", true);
        }
        host.put("Privileged", service.privileged());
        host.put("ReadonlyRootfs", service.readOnly());
        putIfNotEmpty(host, "CapAdd", service.capAdd());
        putIfNotEmpty(host, "CapDrop", service.capDrop());
        putIfNotEmpty(host, "ExtraHosts", service.extraHosts());
        putIfNotEmpty(host, "Dns", service.dns());
        if (!service.memLimit().isEmpty()) {
            host.put("Memory", FlagValues.bytes("mem_limit", service.memLimit()));
        }
        if (!service.cpus().isEmpty()) {
            host.put("NanoCpus", FlagValues.nanoCpus("cpus", service.cpus()));
        }
        return host;
    }

    private static void putIfSet(Map<String, Object> map, String key, String value) {
        if (value != null && !value.isEmpty()) {
            map.put(key, value);
        }
    }

    private static void putIfNotEmpty(Map<String, Object> map, String key, List<String> value) {
        if (!value.isEmpty()) {
            map.put(key, value);
        }
    }
}
