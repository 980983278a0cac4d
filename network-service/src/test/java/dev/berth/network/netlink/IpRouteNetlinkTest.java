package dev.berth.network.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.network.Prerequisites;
import dev.berth.network.exec.CommandRunner;
import dev.berth.network.host.IpRoute;
import dev.berth.network.host.NamedNetns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link IpRoute} over rtnetlink against the real kernel, checked with the {@code ip} command:
 * what it makes must look to iproute2 (and so to runc) exactly as what {@code ip} itself makes.
 */
class IpRouteNetlinkTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CommandRunner RUN = new CommandRunner();

    private final String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 7);
    private final String netns = "bnlt" + suffix;
    private final String bridge = "bnltb" + suffix;
    private final String hostEnd = "bnltv" + suffix;
    private final int octet = 200 + ThreadLocalRandom.current().nextInt(50);
    private final List<String> namespacesMade = new ArrayList<>();
    private final List<String> linksMade = new ArrayList<>();
    private IpRoute ip;

    @BeforeEach
    void open() {
        Prerequisites.require();
        ip = IpRoute.open();
    }

    @AfterEach
    void cleanUp() {
        // with ip itself, so a broken IpRoute cannot leave anything behind
        for (String link : linksMade) {
            RUN.succeeds("ip", "link", "del", "dev", link);
        }
        for (String name : namespacesMade) {
            RUN.succeeds("ip", "netns", "del", name);
        }
        if (ip != null) {
            ip.close();
        }
    }

    @Test
    void aNamespaceMadeInProcessIsOneIpSeesAndRemovalLeavesNothing() throws Exception {
        NamedNetns named = new NamedNetns(ip);
        namespacesMade.add(netns);
        named.create(netns);

        assertTrue(Set.of(RUN.run("ip", "netns", "list").split("\\s+")).contains(netns), RUN.run("ip", "netns", "list"));
        assertTrue(mounted(netns), "no mount of " + netns + " in /proc/self/mountinfo");
        JsonNode links = json("ip", "-j", "-n", netns, "link", "show");
        assertEquals(1, links.size(), "a new namespace has only loopback: " + links);
        assertEquals("lo", links.get(0).path("ifname").asText());
        assertTrue(flags(links.get(0)).contains("UP"), "loopback is up: " + links);
        assertFalse(RUN.run("readlink", "/proc/self/ns/net").strip()
                .equals(RUN.run("ip", "netns", "exec", netns, "readlink", "/proc/self/ns/net").strip()),
                "the named namespace is not the host's");

        named.removeIfExists(netns);
        assertFalse(Files.exists(NamedNetns.DIRECTORY.resolve(netns)));
        assertFalse(mounted(netns), "the bind mount of " + netns + " is left");
        assertFalse(RUN.run("ip", "netns", "list").contains(netns));
        named.removeIfExists(netns); // a missing one is not an error
    }

    @Test
    void aVethPeerIsBornInTheNamespaceWithItsNameMacMtuAddressAndRoute() throws Exception {
        makeNetns();
        linksMade.add(hostEnd);
        String mac = "02:42:0a:" + Integer.toHexString(octet) + ":00:02";
        ip.addVethIntoNetns(hostEnd, "eth0", netns, mac, 1400);
        ip.setUp(hostEnd);
        ip.configureIn(netns, "eth0", "10." + octet + ".7.2/24", "10." + octet + ".7.1");

        JsonNode eth0 = json("ip", "-j", "-n", netns, "addr", "show", "dev", "eth0").get(0);
        assertEquals(mac, eth0.path("address").asText());
        assertEquals(1400, eth0.path("mtu").asInt());
        assertTrue(flags(eth0).contains("UP"), eth0.toString());
        JsonNode inet = ipv4(eth0).getFirst();
        assertEquals("10." + octet + ".7.2", inet.path("local").asText());
        assertEquals(24, inet.path("prefixlen").asInt());
        assertEquals("10." + octet + ".7.255", inet.path("broadcast").asText());
        JsonNode hostSide = json("ip", "-j", "-d", "link", "show", "dev", hostEnd).get(0);
        assertEquals(1400, hostSide.path("mtu").asInt());
        assertEquals("veth", hostSide.path("linkinfo").path("info_kind").asText());

        JsonNode defaultRoute = findRoute(json("ip", "-j", "-n", netns, "route"), "default");
        assertEquals("10." + octet + ".7.1", defaultRoute.path("gateway").asText());
        assertEquals("eth0", defaultRoute.path("dev").asText());

        // the default route moves to another gateway on its own (a container's first network leaving)
        ip.configureIn(netns, "eth0", "10." + octet + ".8.2/24", null);
        ip.replaceDefaultRouteIn(netns, "10." + octet + ".8.1", "eth0");
        eth0 = json("ip", "-j", "-n", netns, "addr", "show", "dev", "eth0").get(0);
        assertEquals(2, ipv4(eth0).size(), eth0.toString());
        assertEquals("10." + octet + ".8.1",
                findRoute(json("ip", "-j", "-n", netns, "route"), "default").path("gateway").asText());

        // deleting the namespace takes the peer, and with it the host end
        ip.deleteNetns(netns);
        assertFalse(mounted(netns));
        assertFalse(waitForLinkGone(hostEnd), "the host end outlived the namespace");
    }

    @Test
    void aBridgeWithAnEnslavedVethIsListedKindedAndRouted() throws Exception {
        makeNetns();
        linksMade.add(bridge);
        linksMade.add(hostEnd);
        ip.addBridge(bridge);
        ip.replaceAddress(bridge, "10." + octet + ".9.1/24");
        ip.replaceAddress(bridge, "10." + octet + ".9.1/24"); // idempotent, as ip addr replace
        ip.setUp(bridge);
        ip.addVethIntoNetns(hostEnd, "eth0", netns, null, 0);
        ip.enslaveAndUp(hostEnd, bridge);

        assertEquals(Optional.of("bridge"), ip.linkKind(bridge));
        assertEquals(Optional.of("veth"), ip.linkKind(hostEnd));
        assertEquals(Optional.empty(), ip.linkKind("lo"));
        assertEquals(Set.of(hostEnd), ip.linksOf(bridge));
        assertEquals(Set.of(), ip.linksOf("bnltnone" + suffix));
        assertTrue(ip.linkExists(bridge));
        assertTrue(ip.linkNames().containsAll(Set.of(bridge, hostEnd, "lo")));
        JsonNode onBridge = json("ip", "-j", "link", "show", "master", bridge);
        assertEquals(hostEnd, onBridge.get(0).path("ifname").asText());
        assertTrue(flags(onBridge.get(0)).contains("UP"), onBridge.toString());
        List<JsonNode> addresses = ipv4(json("ip", "-j", "addr", "show", "dev", bridge).get(0));
        assertEquals(1, addresses.size(), addresses.toString());

        List<IpRoute.Route> routes = ip.ipv4Routes();
        assertTrue(routes.contains(new IpRoute.Route("10." + octet + ".9.0/24", bridge)), routes.toString());
        assertTrue(routes.stream().noneMatch(r -> r.destination().startsWith("0.0.0.0")), routes.toString());
        assertEquals(routesAsIpPrintsThem(), routes.size());

        ip.deleteLinkIfExists(bridge);
        assertFalse(ip.linkExists(bridge));
        assertFalse(RUN.succeeds("ip", "link", "show", "dev", bridge));
        ip.deleteLinkIfExists(hostEnd);
        assertFalse(RUN.succeeds("ip", "link", "show", "dev", hostEnd));
    }

    @Test
    void failuresCarryTheErrnoAndIpsWording() throws Exception {
        makeNetns();
        linksMade.add(bridge);
        linksMade.add(hostEnd);
        ip.addBridge(bridge);
        NetlinkException sameBridge = assertThrows(NetlinkException.class, () -> ip.addBridge(bridge));
        assertEquals(NetlinkException.EEXIST, sameBridge.errno());
        assertTrue(sameBridge.getMessage().contains("RTNETLINK answers: File exists"), sameBridge.getMessage());

        ip.addVethIntoNetns(hostEnd, "eth0", netns, null, 0);
        NetlinkException sameVeth = assertThrows(NetlinkException.class,
                () -> ip.addVethIntoNetns(hostEnd, "eth1", netns, null, 0));
        assertEquals(NetlinkException.EEXIST, sameVeth.errno());

        ip.deleteLinkIfExists("bnltnone" + suffix); // already gone: fine
        NetlinkException noLink = assertThrows(NetlinkException.class, () -> ip.linkKind("bnltnone" + suffix));
        assertEquals(NetlinkException.ENODEV, noLink.errno());
        assertThrows(NetlinkException.class, () -> ip.setUp("bnltnone" + suffix));

        String missing = "bnltmissing" + suffix;
        NetlinkException noNetns = assertThrows(NetlinkException.class, () -> ip.configureIn(missing, "eth0", "10.0.0.2/24", null));
        assertEquals(NetlinkException.ENOENT, noNetns.errno());
        assertTrue(noNetns.getMessage().contains("Cannot open network namespace \"" + missing + "\""),
                noNetns.getMessage());
        assertEquals(NetlinkException.ENOENT,
                assertThrows(NetlinkException.class, () -> ip.addVethIntoNetns("bnltx" + suffix, "eth0", missing, null, 0)).errno());
        assertEquals(NetlinkException.ENOENT, assertThrows(NetlinkException.class, () -> ip.deleteNetns(missing)).errno());
        assertEquals(NetlinkException.EEXIST, assertThrows(NetlinkException.class, () -> ip.addNetns(netns)).errno());
        assertTrue(mounted(netns), "a refused second add must leave the first namespace alone");
    }

    @Test
    void concurrentCallersShareTheHostSocket() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String name = "bnltc" + i + suffix;
                linksMade.add(name);
                work.add(pool.submit(() -> {
                    for (int round = 0; round < 20; round++) {
                        ip.addBridge(name);
                        assertEquals(Optional.of("bridge"), ip.linkKind(name));
                        assertTrue(ip.linkNames().contains(name));
                        ip.deleteLinkIfExists(name);
                        assertFalse(ip.linkExists(name));
                    }
                    return null;
                }));
            }
            for (Future<?> future : work) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void makeNetns() {
        namespacesMade.add(netns);
        new NamedNetns(ip).create(netns);
    }

    private static boolean mounted(String name) throws Exception {
        String target = " " + NamedNetns.DIRECTORY.resolve(name) + " ";
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().anyMatch(line -> line.contains(target));
    }

    private boolean waitForLinkGone(String name) throws InterruptedException {
        for (int i = 0; i < 50 && RUN.succeeds("ip", "link", "show", "dev", name); i++) {
            Thread.sleep(20); // the namespace is torn down asynchronously by the kernel
        }
        return RUN.succeeds("ip", "link", "show", "dev", name);
    }

    private static int routesAsIpPrintsThem() throws Exception {
        int count = 0;
        for (JsonNode route : json("ip", "-4", "-j", "route", "show", "table", "main")) {
            if (!route.path("dst").asText().equals("default")) {
                count++;
            }
        }
        return count;
    }

    private static JsonNode findRoute(JsonNode routes, String destination) {
        for (JsonNode route : routes) {
            if (route.path("dst").asText().equals(destination)) {
                return route;
            }
        }
        throw new AssertionError("no route to " + destination + " in " + routes);
    }

    private static List<JsonNode> ipv4(JsonNode link) {
        List<JsonNode> addresses = new ArrayList<>();
        link.path("addr_info").forEach(address -> {
            if (address.path("family").asText().equals("inet")) {
                addresses.add(address);
            }
        });
        return addresses;
    }

    private static Set<String> flags(JsonNode link) {
        Set<String> flags = new java.util.HashSet<>();
        link.path("flags").forEach(flag -> flags.add(flag.asText()));
        return flags;
    }

    private static JsonNode json(String... command) throws Exception {
        return JSON.readTree(RUN.run(command));
    }
}
