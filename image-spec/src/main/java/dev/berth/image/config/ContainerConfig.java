package dev.berth.image.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.json.GoJson;
import dev.berth.image.json.JsonFields;
import dev.berth.image.json.JsonObjectWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The run defaults of an image (the {@code config} object of an image config): what a container
 * of it starts with unless told otherwise. Docker's own container fields (Hostname, Tty, Image...)
 * are kept as unknown fields and written back in their place.
 */
public record ContainerConfig(String user, Set<String> exposedPorts, List<String> env, List<String> entrypoint,
                              List<String> cmd, Set<String> volumes, String workingDir, Map<String, String> labels,
                              String stopSignal, Healthcheck healthcheck, List<String> onBuild, List<String> shell,
                              boolean argsEscaped, Map<String, JsonNode> unknownFields) {

    public static final ContainerConfig EMPTY = builder().build();

    /** moby's container.Config field order, which Docker writes (including fields this type does not model). */
    private static final List<String> DOCKER_ORDER = List.of("Hostname", "Domainname", "User", "AttachStdin",
            "AttachStdout", "AttachStderr", "ExposedPorts", "Tty", "OpenStdin", "StdinOnce", "Env", "Cmd",
            "Healthcheck", "ArgsEscaped", "Image", "Volumes", "WorkingDir", "Entrypoint", "NetworkDisabled",
            "MacAddress", "OnBuild", "Labels", "StopSignal", "StopTimeout", "Shell");

    public ContainerConfig {
        user = Objects.requireNonNullElse(user, "");
        exposedPorts = exposedPorts == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(exposedPorts));
        env = env == null ? List.of() : List.copyOf(env);
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        volumes = volumes == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(volumes));
        workingDir = Objects.requireNonNullElse(workingDir, "");
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        stopSignal = Objects.requireNonNullElse(stopSignal, "");
        onBuild = onBuild == null ? List.of() : List.copyOf(onBuild);
        shell = shell == null ? List.of() : List.copyOf(shell);
        unknownFields = GoJson.copyFields(unknownFields);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    @Override
    public Map<String, JsonNode> unknownFields() {
        return GoJson.copyFields(unknownFields);
    }

    /** True when nothing at all is set, so a config may leave the object out. */
    public boolean isEmpty() {
        return equals(EMPTY);
    }

    static ContainerConfig read(JsonFields fields) {
        Builder builder = builder()
                .user(fields.string("User"))
                .exposedPorts(fields.keySet("ExposedPorts"))
                .env(fields.strings("Env"))
                .entrypoint(fields.strings("Entrypoint"))
                .cmd(fields.strings("Cmd"))
                .volumes(fields.keySet("Volumes"))
                .workingDir(fields.string("WorkingDir"))
                .labels(fields.stringMap("Labels"))
                .stopSignal(fields.string("StopSignal"));
        JsonFields healthcheck = fields.object("Healthcheck");
        builder.healthcheck(healthcheck == null ? null : Healthcheck.read(healthcheck))
                .onBuild(fields.strings("OnBuild"))
                .shell(fields.strings("Shell"))
                .argsEscaped(fields.bool("ArgsEscaped"));
        builder.unknownFields = fields.unknown();
        return builder.build();
    }

    ObjectNode toJsonNode() {
        ObjectNode node = new JsonObjectWriter(unknownFields)
                .string("User", user)
                .keySet("ExposedPorts", exposedPorts)
                .strings("Env", env)
                .strings("Cmd", cmd)
                .node("Healthcheck", healthcheck == null ? null : healthcheck.toJsonNode())
                .bool("ArgsEscaped", argsEscaped)
                .keySet("Volumes", volumes)
                .string("WorkingDir", workingDir)
                .strings("Entrypoint", entrypoint)
                .strings("OnBuild", onBuild)
                .stringMap("Labels", labels)
                .string("StopSignal", stopSignal)
                .strings("Shell", shell)
                .unknown()
                .build();
        return GoJson.ordered(node, DOCKER_ORDER);
    }

    /** Collects a container config; unset values are empty. */
    public static final class Builder {
        private String user = "";
        private Set<String> exposedPorts = new LinkedHashSet<>();
        private List<String> env = new ArrayList<>();
        private List<String> entrypoint = new ArrayList<>();
        private List<String> cmd = new ArrayList<>();
        private Set<String> volumes = new LinkedHashSet<>();
        private String workingDir = "";
        private Map<String, String> labels = new LinkedHashMap<>();
        private String stopSignal = "";
        private Healthcheck healthcheck;
        private List<String> onBuild = new ArrayList<>();
        private List<String> shell = new ArrayList<>();
        private boolean argsEscaped;
        private Map<String, JsonNode> unknownFields = Map.of();

        private Builder() {}

        private Builder(ContainerConfig config) {
            user = config.user;
            exposedPorts = new LinkedHashSet<>(config.exposedPorts);
            env = new ArrayList<>(config.env);
            entrypoint = new ArrayList<>(config.entrypoint);
            cmd = new ArrayList<>(config.cmd);
            volumes = new LinkedHashSet<>(config.volumes);
            workingDir = config.workingDir;
            labels = new LinkedHashMap<>(config.labels);
            stopSignal = config.stopSignal;
            healthcheck = config.healthcheck;
            onBuild = new ArrayList<>(config.onBuild);
            shell = new ArrayList<>(config.shell);
            argsEscaped = config.argsEscaped;
            unknownFields = config.unknownFields;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder exposedPorts(Set<String> exposedPorts) {
            this.exposedPorts = new LinkedHashSet<>(exposedPorts);
            return this;
        }

        /** Adds a port as Docker keys it, e.g. {@code 80/tcp}. */
        public Builder exposePort(String port) {
            this.exposedPorts.add(port);
            return this;
        }

        public Builder env(List<String> env) {
            this.env = new ArrayList<>(env);
            return this;
        }

        public Builder entrypoint(List<String> entrypoint) {
            this.entrypoint = new ArrayList<>(entrypoint);
            return this;
        }

        public Builder cmd(List<String> cmd) {
            this.cmd = new ArrayList<>(cmd);
            return this;
        }

        public Builder volumes(Set<String> volumes) {
            this.volumes = new LinkedHashSet<>(volumes);
            return this;
        }

        public Builder workingDir(String workingDir) {
            this.workingDir = workingDir;
            return this;
        }

        public Builder labels(Map<String, String> labels) {
            this.labels = new LinkedHashMap<>(labels);
            return this;
        }

        public Builder label(String key, String value) {
            this.labels.put(key, value);
            return this;
        }

        public Builder stopSignal(String stopSignal) {
            this.stopSignal = stopSignal;
            return this;
        }

        public Builder healthcheck(Healthcheck healthcheck) {
            this.healthcheck = healthcheck;
            return this;
        }

        public Builder onBuild(List<String> onBuild) {
            this.onBuild = new ArrayList<>(onBuild);
            return this;
        }

        public Builder shell(List<String> shell) {
            this.shell = new ArrayList<>(shell);
            return this;
        }

        public Builder argsEscaped(boolean argsEscaped) {
            this.argsEscaped = argsEscaped;
            return this;
        }

        public ContainerConfig build() {
            return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels,
                    stopSignal, healthcheck, onBuild, shell, argsEscaped, unknownFields);
        }
    }
}
