package dev.berth.gateway.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.gateway.container.Container;
import dev.berth.gateway.container.NetworkEndpoint;
import dev.berth.gateway.container.PublishedPort;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A container's ports as Docker shows them: NetworkSettings.Ports (inspect) and Ports (the list). */
final class PortsJson {
    private PortsJson() {}

    static List<PublishedPort> published(Container c) {
        List<PublishedPort> ports = new ArrayList<>();
        if (c.state().running() && c.networks() != null) {
            for (NetworkEndpoint endpoint : c.networks()) {
                ports.addAll(endpoint.ports() == null ? List.of() : endpoint.ports());
            }
        }
        return ports;
    }

    /** Exposed ports ("80/tcp"; a bare "80" is tcp). */
    static Set<String> exposed(Container c) {
        Set<String> keys = new LinkedHashSet<>();
        if (c.config() != null && c.config().exposedPorts() != null) {
            for (String key : c.config().exposedPorts().keySet()) {
                keys.add(key.contains("/") ? key : key + "/tcp");
            }
        }
        return keys;
    }

    /** {"80/tcp": [{"HostIp","HostPort"}], "443/tcp": null} while running; {} otherwise. */
    static ObjectNode inspect(Container c) {
        ObjectNode ports = Json.object();
        if (!c.state().running()) {
            return ports;
        }
        exposed(c).forEach(ports::putNull);
        for (PublishedPort p : published(c)) {
            ArrayNode bindings = ports.get(p.key()) instanceof ArrayNode a ? a : ports.putArray(p.key());
            bindings.addObject().put("HostIp", p.shownHostIp()).put("HostPort", String.valueOf(p.hostPort()));
        }
        return ports;
    }

    /** [{"IP","PrivatePort","PublicPort","Type"}] for published ports, [{"PrivatePort","Type"}] for exposed ones. */
    static ArrayNode summary(Container c) {
        ArrayNode ports = Json.array();
        if (!c.state().running()) {
            return ports;
        }
        Set<String> shown = new LinkedHashSet<>();
        for (PublishedPort p : published(c)) {
            ports.addObject().put("IP", p.shownHostIp()).put("PrivatePort", p.containerPort())
                    .put("PublicPort", p.hostPort()).put("Type", p.protocol());
            shown.add(p.key());
        }
        for (String key : exposed(c)) {
            if (shown.add(key)) {
                String[] parts = key.split("/", 2);
                try {
                    ports.addObject().put("PrivatePort", Integer.parseInt(parts[0])).put("Type", parts[1]);
                } catch (NumberFormatException e) {
                    // not a port: docker skips it too
                }
            }
        }
        return ports;
    }
}
