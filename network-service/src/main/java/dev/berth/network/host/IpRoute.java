package dev.berth.network.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.network.exec.CommandFailedException;
import dev.berth.network.exec.CommandRunner;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The iproute2 {@code ip} commands Berth needs: links, bridges, veth pairs, addresses, routes and named netns. */
public final class IpRoute {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final CommandRunner runner;

    public IpRoute(CommandRunner runner) {
        this.runner = runner;
    }

    public boolean linkExists(String name) {
        return runner.succeeds("ip", "link", "show", "dev", name);
    }

    /** Names of every link in the host namespace. */
    public Set<String> linkNames() {
        return names(runner.run("ip", "-j", "link", "show"));
    }

    /** Names of the links enslaved to {@code bridge}; empty if the bridge does not exist. */
    public Set<String> linksOf(String bridge) {
        if (!linkExists(bridge)) {
            return Set.of();
        }
        return names(runner.run("ip", "-j", "link", "show", "master", bridge));
    }

    /** The link's kind (bridge, veth, ...), or empty for a plain device. */
    public Optional<String> linkKind(String name) {
        JsonNode links = parse(runner.run("ip", "-j", "-d", "link", "show", "dev", name));
        JsonNode kind = links.path(0).path("linkinfo").path("info_kind");
        return kind.isTextual() ? Optional.of(kind.asText()) : Optional.empty();
    }

    public void addBridge(String name) {
        runner.run("ip", "link", "add", name, "type", "bridge");
    }

    /** Sets the address idempotently ({@code ip addr replace}). */
    public void replaceAddress(String device, String cidr) {
        runner.run("ip", "addr", "replace", cidr, "dev", device);
    }

    public void setUp(String device) {
        runner.run("ip", "link", "set", "dev", device, "up");
    }

    /** Deletes a link; a link that is already gone is not an error. Deleting one end of a veth deletes both. */
    public void deleteLinkIfExists(String name) {
        try {
            runner.run("ip", "link", "del", "dev", name);
        } catch (CommandFailedException e) {
            if (linkExists(name)) {
                throw e;
            }
        }
    }

    /** Creates a veth pair whose peer is born inside {@code netns} under its final name. */
    public void addVethIntoNetns(String hostName, String peerName, String netns) {
        runner.run("ip", "link", "add", hostName, "type", "veth", "peer", "name", peerName, "netns", netns);
    }

    public void enslaveAndUp(String link, String bridge) {
        runner.run("ip", "link", "set", "dev", link, "master", bridge, "up");
    }

    public void setMtu(String device, int mtu) {
        runner.run("ip", "link", "set", "dev", device, "mtu", Integer.toString(mtu));
    }

    public void setMtuIn(String netns, String device, int mtu) {
        runner.run("ip", "-n", netns, "link", "set", "dev", device, "mtu", Integer.toString(mtu));
    }

    public void addNetns(String name) {
        runner.run("ip", "netns", "add", name);
    }

    public void deleteNetns(String name) {
        runner.run("ip", "netns", "del", name);
    }

    // commands run inside a named network namespace (ip -n)

    public void setUpIn(String netns, String device) {
        runner.run("ip", "-n", netns, "link", "set", "dev", device, "up");
    }

    public void setMacIn(String netns, String device, String mac) {
        runner.run("ip", "-n", netns, "link", "set", "dev", device, "address", mac);
    }

    public void addAddressIn(String netns, String device, String cidr) {
        runner.run("ip", "-n", netns, "addr", "add", cidr, "brd", "+", "dev", device);
    }

    public void replaceDefaultRouteIn(String netns, String gateway, String device) {
        runner.run("ip", "-n", netns, "route", "replace", "default", "via", gateway, "dev", device);
    }

    /** A route of the host's main IPv4 table: its destination prefix (never "default") and device. */
    public record Route(String destination, String device) {}

    public List<Route> ipv4Routes() {
        List<Route> routes = new ArrayList<>();
        for (JsonNode route : parse(runner.run("ip", "-4", "-j", "route", "show", "table", "main"))) {
            String destination = route.path("dst").asText();
            if (destination.isEmpty() || destination.equals("default")) {
                continue;
            }
            routes.add(new Route(destination.contains("/") ? destination : destination + "/32",
                    route.path("dev").asText()));
        }
        return routes;
    }

    private static Set<String> names(String json) {
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode link : parse(json)) {
            names.add(link.path("ifname").asText());
        }
        return names;
    }

    private static JsonNode parse(String json) {
        try {
            return json.isBlank() ? JSON.createArrayNode() : JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException("cannot parse the output of ip -j: " + e.getMessage(), e);
        }
    }
}
