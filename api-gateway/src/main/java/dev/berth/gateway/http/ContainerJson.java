package dev.berth.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.gateway.container.Container;
import dev.berth.gateway.container.ContainerState;
import dev.berth.gateway.container.NetworkEndpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Containers as Docker's /containers/json (docker ps) and /containers/{id}/json (docker inspect) render them. */
public final class ContainerJson {
    private ContainerJson() {}

    public static ObjectNode summary(Container c, Instant now) {
        ObjectNode node = Json.object();
        node.put("Id", c.id());
        node.putArray("Names").add("/" + c.name());
        node.put("Image", c.imageRef() == null ? c.imageId() : c.imageRef())
                .put("ImageID", c.imageId())
                .put("Command", command(c))
                .put("Created", c.created().getEpochSecond());
        node.set("Ports", PortsJson.summary(c));
        node.set("Labels", labels(c));
        node.put("State", c.state().status()).put("Status", status(c.state(), now) + healthSuffix(c));
        node.putObject("HostConfig").put("NetworkMode", networkMode(c));
        ObjectNode networks = node.putObject("NetworkSettings").putObject("Networks");
        for (NetworkEndpoint endpoint : endpoints(c)) {
            networks.set(endpoint.networkName(), endpoint(endpoint));
        }
        node.putArray("Mounts");
        return node;
    }

    /** "Up 3 seconds", "Exited (0) 2 minutes ago", "Created": docker's State.String(). */
    public static String status(ContainerState s, Instant now) {
        if (s.running()) {
            String up = "Up " + DockerTime.human(since(s.startedAt(), now));
            if (s.paused()) {
                return up + " (Paused)";
            }
            if (s.restarting()) {
                return "Restarting (" + s.exitCode() + ") " + DockerTime.human(since(s.finishedAt(), now)) + " ago";
            }
            return up;
        }
        return switch (s.status()) {
            case "removing" -> "Removal In Progress";
            case "dead" -> "Dead";
            case "created" -> "Created";
            case "restarting" -> "Restarting (" + s.exitCode() + ") " + DockerTime.human(since(s.finishedAt(), now)) + " ago";
            default -> s.finishedAt() == null && s.startedAt() == null ? "Created"
                    : "Exited (" + s.exitCode() + ") " + DockerTime.human(since(s.finishedAt(), now)) + " ago";
        };
    }

    /** ps's " (healthy)", " (unhealthy)", " (health: starting)" after Up. */
    static String healthSuffix(Container c) {
        if (c.health() == null || !c.state().running() || c.state().paused()) {
            return "";
        }
        return c.health().status().equals("starting") ? " (health: starting)" : " (" + c.health().status() + ")";
    }

    private static Duration since(Instant then, Instant now) {
        return then == null || then.isAfter(now) ? Duration.ZERO : Duration.between(then, now);
    }

    public static ObjectNode inspect(Container c) {
        ObjectNode node = Json.object();
        node.put("Id", c.id())
                .put("Created", DockerTime.rfc3339(c.created()))
                .put("Path", c.path() == null ? "" : c.path());
        ArrayNode args = node.putArray("Args");
        (c.args() == null ? List.<String>of() : c.args()).forEach(args::add);
        ContainerState s = c.state();
        ObjectNode state = node.putObject("State");
        state.put("Status", s.status())
                .put("Running", s.running())
                .put("Paused", s.paused())
                .put("Restarting", s.restarting())
                .put("OOMKilled", s.oomKilled())
                .put("Dead", s.dead())
                .put("Pid", s.pid())
                .put("ExitCode", s.exitCode())
                .put("Error", s.error() == null ? "" : s.error())
                .put("StartedAt", DockerTime.rfc3339(s.startedAt()))
                .put("FinishedAt", DockerTime.rfc3339(s.finishedAt()));
        if (c.health() != null) {
            ObjectNode health = state.putObject("Health");
            health.put("Status", c.health().status()).put("FailingStreak", c.health().failingStreak());
            ArrayNode probes = health.putArray("Log");
            for (var probe : c.health().log()) {
                probes.addObject()
                        .put("Start", DockerTime.rfc3339(probe.start()))
                        .put("End", DockerTime.rfc3339(probe.end()))
                        .put("ExitCode", probe.exitCode())
                        .put("Output", probe.output());
            }
        }
        node.put("Image", c.imageId())
                .put("ResolvConfPath", path(c.resolvConfPath()))
                .put("HostnamePath", path(c.hostnamePath()))
                .put("HostsPath", path(c.hostsPath()))
                .put("LogPath", path(c.logPath()))
                .put("Name", "/" + c.name())
                .put("RestartCount", c.restartCount())
                .put("Driver", "overlayfs")
                .put("Platform", "linux")
                .put("MountLabel", "")
                .put("ProcessLabel", "")
                .put("AppArmorProfile", "")
                .putNull("ExecIDs");
        node.set("HostConfig", hostConfig(c));
        ObjectNode graph = node.putObject("GraphDriver");
        graph.putObject("Data");
        graph.put("Name", "overlayfs");
        node.putArray("Mounts");
        node.set("Config", config(c));
        node.set("NetworkSettings", networkSettings(c));
        return node;
    }

    private static ObjectNode hostConfig(Container c) {
        ObjectNode host = c.hostConfig() == null ? Json.object() : (ObjectNode) Json.MAPPER.valueToTree(c.hostConfig());
        host.put("NetworkMode", networkMode(c));
        if (!host.hasNonNull("RestartPolicy")) {
            host.putObject("RestartPolicy").put("Name", "no").put("MaximumRetryCount", 0);
        }
        host.putObject("LogConfig").put("Type", "json-file").putObject("Config");
        return host;
    }

    private static ObjectNode config(Container c) {
        ObjectNode config = c.config() == null ? Json.object() : (ObjectNode) Json.MAPPER.valueToTree(c.config());
        if (c.imageRef() != null && (!config.hasNonNull("Image") || config.get("Image").asText().isEmpty())) {
            config.put("Image", c.imageRef());
        }
        if (!config.hasNonNull("Labels")) {
            config.putObject("Labels");
        }
        return config;
    }

    private static ObjectNode networkSettings(Container c) {
        ObjectNode settings = Json.object();
        List<NetworkEndpoint> endpoints = endpoints(c);
        NetworkEndpoint primary = endpoints.stream().filter(e -> e.networkName().equals("bridge")).findFirst().orElse(null);
        settings.put("Bridge", "")
                .put("SandboxID", "")
                .put("HairpinMode", false)
                .put("LinkLocalIPv6Address", "")
                .put("LinkLocalIPv6PrefixLen", 0);
        settings.set("Ports", PortsJson.inspect(c));
        settings.put("SandboxKey", "")
                .putNull("SecondaryIPAddresses")
                .putNull("SecondaryIPv6Addresses")
                .put("EndpointID", primary == null ? "" : nullToEmpty(primary.endpointId()))
                .put("Gateway", primary == null ? "" : nullToEmpty(primary.gateway()))
                .put("GlobalIPv6Address", "")
                .put("GlobalIPv6PrefixLen", 0)
                .put("IPAddress", primary == null ? "" : nullToEmpty(primary.ipAddress()))
                .put("IPPrefixLen", primary == null ? 0 : primary.prefixLength())
                .put("IPv6Gateway", "")
                .put("MacAddress", primary == null ? "" : nullToEmpty(primary.macAddress()));
        ObjectNode networks = settings.putObject("Networks");
        for (NetworkEndpoint endpoint : endpoints) {
            networks.set(endpoint.networkName(), endpoint(endpoint));
        }
        return settings;
    }

    private static ObjectNode endpoint(NetworkEndpoint e) {
        ObjectNode node = Json.object();
        if (e.ipamIpv4Address() == null || e.ipamIpv4Address().isEmpty()) {
            node.putNull("IPAMConfig");
        } else {
            node.putObject("IPAMConfig").put("IPv4Address", e.ipamIpv4Address());
        }
        node.putNull("Links");
        if (e.aliases() == null || e.aliases().isEmpty()) {
            node.putNull("Aliases"); // the default bridge's, as Docker shows them
        } else {
            ArrayNode aliases = node.putArray("Aliases");
            e.aliases().forEach(aliases::add);
        }
        node.put("NetworkID", nullToEmpty(e.networkId()))
                .put("EndpointID", nullToEmpty(e.endpointId()))
                .put("Gateway", nullToEmpty(e.gateway()))
                .put("IPAddress", nullToEmpty(e.ipAddress()))
                .put("IPPrefixLen", e.prefixLength())
                .put("IPv6Gateway", "")
                .put("GlobalIPv6Address", "")
                .put("GlobalIPv6PrefixLen", 0)
                .put("MacAddress", nullToEmpty(e.macAddress()))
                .putNull("DriverOpts");
        return node;
    }

    private static String command(Container c) {
        StringBuilder command = new StringBuilder(c.path() == null ? "" : c.path());
        for (String arg : c.args() == null ? List.<String>of() : c.args()) {
            command.append(' ').append(arg);
        }
        return command.toString();
    }

    private static JsonNode labels(Container c) {
        return c.config() == null || c.config().labels() == null ? Json.object() : Json.MAPPER.valueToTree(c.config().labels());
    }

    private static String networkMode(Container c) {
        String mode = c.hostConfig() == null ? null : c.hostConfig().networkMode();
        return mode == null || mode.isEmpty() ? "default" : mode;
    }

    private static List<NetworkEndpoint> endpoints(Container c) {
        return c.networks() == null ? List.of() : c.networks();
    }

    private static String path(Path path) {
        return path == null ? "" : path.toString();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
