package dev.berth.network;

import static dev.berth.network.TestStack.assertStatus;
import static dev.berth.network.TestStack.inNetns;
import static dev.berth.network.TestStack.netns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.network.v1.AttachRequest;
import dev.berth.api.network.v1.CreateNetworkRequest;
import dev.berth.api.network.v1.Endpoint;
import dev.berth.api.network.v1.ListNetworksRequest;
import dev.berth.api.network.v1.ListSandboxesRequest;
import dev.berth.api.network.v1.NetworkInfo;
import dev.berth.api.network.v1.RenameContainerRequest;
import dev.berth.api.network.v1.Sandbox;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User-defined bridge networks: create, inspect, remove, their rules, attach with names and addresses. */
class UserNetworksTest {
    private static final String FORWARD = TestStack.CHAINS + "-FORWARD";
    private static final String POSTROUTING = TestStack.CHAINS + "-POSTROUTING";

    @TempDir
    Path dir;
    private TestStack stack;

    @BeforeAll
    static void cleanBefore() throws Exception {
        TestStack.beforeClass();
    }

    @AfterAll
    static void cleanAfter() throws Exception {
        TestStack.afterClass();
    }

    @BeforeEach
    void start() throws Exception {
        stack = new TestStack(dir, TestStack.settings());
        stack.start();
    }

    @AfterEach
    void stop() throws Exception {
        stack.close();
    }

    @Test
    void createInspectAndRemoveANetworkWithItsBridgeAndRules() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        NetworkInfo created = stack.network.createNetwork(CreateNetworkRequest.newBuilder()
                .setName("front")
                .putLabels("com.example.tier", "web")
                .putOptions("com.docker.network.bridge.name", "berthnt1")
                .putOptions("com.example.unknown", "kept as is")
                .setAttachable(true)
                .build());

        assertTrue(created.getId().matches("[0-9a-f]{64}"), created.getId());
        assertEquals("front", created.getName());
        assertEquals("bridge", created.getDriver());
        assertEquals("10.71.0.0/24", created.getSubnet(), "the first /24 of the pool");
        assertEquals("10.71.0.1", created.getGateway());
        assertEquals("berthnt1", created.getBridgeName());
        assertEquals(Map.of("com.example.tier", "web"), created.getLabelsMap());
        assertEquals(Map.of("com.docker.network.bridge.name", "berthnt1", "com.example.unknown", "kept as is"),
                created.getOptionsMap());
        assertTrue(created.getAttachable());
        assertFalse(created.getBuiltIn());
        assertFalse(created.getInternal());
        assertEquals("10.71.0.1", created.getDnsServer());
        assertTrue(Instant.ofEpochSecond(created.getCreated().getSeconds()).isAfter(before));
        assertEquals(created, stack.getNetwork("front"));
        assertEquals(created, stack.getNetwork(created.getId().substring(0, 10)));
        assertTrue(stack.network.listNetworks(ListNetworksRequest.getDefaultInstance()).getNetworksList()
                .contains(created));
        assertTrue(stack.getNetwork("bridge").getBuiltIn());
        assertEquals("", stack.getNetwork("bridge").getDnsServer(), "the default bridge resolves no names");

        assertTrue(HostNet.run("ip", "-4", "addr", "show", "dev", "berthnt1").contains("inet 10.71.0.1/24"));
        assertTrue(HostNet.rules("nat", POSTROUTING).contains(
                "-A " + POSTROUTING + " -s 10.71.0.0/24 ! -o berthnt1 -j MASQUERADE"), HostNet.rules("nat", POSTROUTING).toString());
        assertTrue(HostNet.rules("filter", FORWARD).contains("-A " + FORWARD + " -i berthnt1 -j ACCEPT"));
        assertTrue(HostNet.rules("filter", TestStack.CHAINS + "-ISOLATION-2").contains(
                "-A " + TestStack.CHAINS + "-ISOLATION-2 -o berthnt1 -j DROP"));

        NetworkInfo second = stack.network.createNetwork(CreateNetworkRequest.newBuilder().setName("back").build());
        assertEquals("10.71.1.0/24", second.getSubnet(), "the next free /24");
        assertEquals("bn-" + second.getId().substring(0, 12), second.getBridgeName());
        assertTrue(HostNet.linkExists(second.getBridgeName()));

        stack.network = stack.restart();
        assertEquals(created, stack.getNetwork("front"), "kept across a restart");

        stack.removeNetwork("front");
        stack.removeNetwork(second.getId());
        assertStatus(Status.Code.NOT_FOUND, "network front not found", () -> stack.getNetwork("front"));
        assertFalse(HostNet.linkExists("berthnt1"));
        assertFalse(HostNet.linkExists(second.getBridgeName()));
        String rules = String.join("\n", HostNet.rules("nat", POSTROUTING)) + HostNet.rules("filter", FORWARD)
                + HostNet.rules("filter", TestStack.CHAINS + "-ISOLATION-1");
        assertFalse(rules.contains("berthnt1") || rules.contains("10.71.0.0") || rules.contains(second.getBridgeName()),
                rules);
        assertStatus(Status.Code.NOT_FOUND, "not found", () -> stack.removeNetwork("front"));
    }

    @Test
    void refusesTakenNamesOverlapsBadDriversAndBadAddresses() {
        NetworkInfo front = stack.createNetwork("front", 1, "10.71.8.0/24");
        assertStatus(Status.Code.ALREADY_EXISTS, "network with name front already exists",
                () -> stack.createNetwork("front", 2, ""));
        assertStatus(Status.Code.ALREADY_EXISTS, "network with name bridge already exists",
                () -> stack.createNetwork("bridge", 2, ""));
        String overlap = "Pool overlaps with other one on this address space";
        assertStatus(Status.Code.FAILED_PRECONDITION, overlap, () -> stack.createNetwork("wide", 2, "10.71.0.0/16"));
        assertStatus(Status.Code.FAILED_PRECONDITION, overlap, () -> stack.createNetwork("inner", 2, "10.71.8.128/25"));
        assertStatus(Status.Code.FAILED_PRECONDITION, overlap, () -> stack.createNetwork("dflt", 2, "10.67.0.0/25"));
        // a route of the host: the address of a bridge of nobody's network, which carries no traffic
        HostNet.run("ip", "link", "add", "berthnt9", "type", "bridge");
        HostNet.run("ip", "addr", "add", "10.71.200.1/24", "dev", "berthnt9");
        HostNet.run("ip", "link", "set", "dev", "berthnt9", "up");
        assertStatus(Status.Code.FAILED_PRECONDITION, overlap, () -> stack.createNetwork("routed", 2, "10.71.200.0/24"));

        assertStatus(Status.Code.INVALID_ARGUMENT, "plugin \"overlay\" not found", () -> stack.network.createNetwork(
                CreateNetworkRequest.newBuilder().setName("o").setDriver("overlay").build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "only one instance of \"host\"", () -> stack.network.createNetwork(
                CreateNetworkRequest.newBuilder().setName("h").setDriver("host").build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "invalid subnet", () -> stack.createNetwork("bad", 2, "10.71.9.1/24"));
        assertStatus(Status.Code.INVALID_ARGUMENT, "not a host address", () -> stack.network.createNetwork(
                CreateNetworkRequest.newBuilder().setName("g").setSubnet("10.71.9.0/24").setGateway("10.71.10.1").build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "not within subnet", () -> stack.network.createNetwork(
                CreateNetworkRequest.newBuilder().setName("r").setSubnet("10.71.9.0/24").setIpRange("10.71.10.0/25").build()));
        assertStatus(Status.Code.FAILED_PRECONDITION, "already used by network front", () -> stack.createNetwork("b", 1, ""));
        assertStatus(Status.Code.INVALID_ARGUMENT, "invalid network name", () -> stack.createNetwork("a b", 2, ""));
        assertStatus(Status.Code.FAILED_PRECONDITION, "network device berthnt9 already exists",
                () -> stack.createNetwork("foreign", 9, "10.71.9.0/24"));
        assertTrue(HostNet.linkExists("berthnt9"), "a device Berth did not make is left alone");

        assertFalse(HostNet.linkExists("berthnt2"), "nothing of a refused network was made");
        assertEquals(List.of("bridge", "host", "none", "front"), stack.network.listNetworks(
                ListNetworksRequest.getDefaultInstance()).getNetworksList().stream().map(NetworkInfo::getName).toList());
        assertEquals(front, stack.getNetwork("front"));
    }

    @Test
    void networksInUseAndBuiltInNetworksAreNotRemoved() {
        NetworkInfo front = stack.createNetwork("front", 1, "");
        String container = stack.sandbox();
        stack.attach(container, "front", "web");

        assertStatus(Status.Code.FAILED_PRECONDITION, "error while removing network: network front id "
                + front.getId() + " has active endpoints", () -> stack.removeNetwork("front"));
        assertStatus(Status.Code.PERMISSION_DENIED, "bridge is a pre-defined network and cannot be removed",
                () -> stack.removeNetwork("bridge"));
        assertStatus(Status.Code.PERMISSION_DENIED, "none is a pre-defined network", () -> stack.removeNetwork("none"));

        stack.removeSandbox(container);
        stack.removeNetwork("front");
        assertFalse(HostNet.linkExists("berthnt1"));
    }

    @Test
    void attachTakesNamesAliasesAndFixedAddressesAndRenameChangesTheName() {
        stack.network.createNetwork(CreateNetworkRequest.newBuilder().setName("front").setSubnet("10.71.4.0/24")
                .setIpRange("10.71.4.128/25").putOptions("com.docker.network.bridge.name", "berthnt1").build());
        String web = stack.sandbox();
        String db = stack.sandbox();

        Endpoint webEndpoint = stack.attach(web, "front", "web", "www", "frontend");
        assertEquals("10.71.4.128", webEndpoint.getIpAddress(), "the first address of the ip range");
        assertEquals("web", webEndpoint.getContainerName());
        assertEquals(List.of("www", "frontend"), webEndpoint.getAliasesList());
        assertEquals("10.71.4.1", webEndpoint.getDnsServer());
        Endpoint dbEndpoint = stack.network.attach(AttachRequest.newBuilder().setContainerId(db).setNetwork("front")
                .setContainerName("db").setIpv4Address("10.71.4.20").build());
        assertEquals("10.71.4.20", dbEndpoint.getIpAddress(), "a fixed address may be outside the range");
        assertTrue(inNetns(netns(db), "ip", "-4", "addr").contains("inet 10.71.4.20/24"));

        String other = stack.sandbox();
        assertStatus(Status.Code.FAILED_PRECONDITION, "Address already in use", () -> stack.network.attach(
                AttachRequest.newBuilder().setContainerId(other).setNetwork("front").setIpv4Address("10.71.4.20").build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "no configured subnet contains IP address 10.71.5.3", () ->
                stack.network.attach(AttachRequest.newBuilder().setContainerId(other).setNetwork("front")
                        .setIpv4Address("10.71.5.3").build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "user configured subnets", () -> stack.network.attach(
                AttachRequest.newBuilder().setContainerId(other).setNetwork("bridge").setIpv4Address("10.67.0.9").build()));
        assertEquals(2, stack.getNetwork("front").getEndpointsCount(), "refused attaches hold nothing");

        stack.network.renameContainer(RenameContainerRequest.newBuilder().setContainerId(web).setNewName("web2").build());
        Endpoint renamed = stack.getNetwork("front").getEndpointsList().stream()
                .filter(e -> e.getContainerId().equals(web)).findFirst().orElseThrow();
        assertEquals("web2", renamed.getContainerName());

        List<Sandbox> sandboxes = stack.network.listSandboxes(ListSandboxesRequest.getDefaultInstance()).getSandboxesList();
        Sandbox webSandbox = sandboxes.stream().filter(s -> s.getContainerId().equals(web)).findFirst().orElseThrow();
        assertEquals("/run/netns/" + netns(web), webSandbox.getNetnsPath());
        assertEquals(List.of(renamed), webSandbox.getEndpointsList());
        assertEquals(3, sandboxes.size(), sandboxes.toString());
    }

    @Test
    void containersOnDifferentNetworksCannotReachEachOther() throws Exception {
        stack.createNetwork("red", 1, "10.71.11.0/24");
        stack.createNetwork("blue", 2, "10.71.12.0/24");
        String red1 = stack.sandbox();
        String red2 = stack.sandbox();
        String blue1 = stack.sandbox();
        Endpoint r1 = stack.attach(red1, "red", "r1");
        Endpoint r2 = stack.attach(red2, "red", "r2");
        Endpoint b1 = stack.attach(blue1, "blue", "b1");

        assertTrue(HostNet.ping(netns(red1), r2.getIpAddress()), "same network");
        assertTrue(HostNet.ping(netns(blue1), "10.71.12.1"), "own gateway");
        assertFalse(HostNet.ping(netns(red1), b1.getIpAddress()), "red must not reach blue");
        assertFalse(HostNet.ping(netns(blue1), r1.getIpAddress()), "blue must not reach red");
    }

    @Test
    void internalNetworksHaveNoWayOut() throws Exception {
        stack.network.createNetwork(CreateNetworkRequest.newBuilder().setName("vault").setSubnet("10.71.21.0/24")
                .setInternal(true).putOptions("com.docker.network.bridge.name", "berthnt1").build());
        stack.createNetwork("open", 2, "10.71.22.0/24");
        String inside = stack.sandbox();
        String inside2 = stack.sandbox();
        String outside = stack.sandbox();
        stack.attach(inside, "vault", "i1");
        Endpoint i2 = stack.attach(inside2, "vault", "i2");
        Endpoint o1 = stack.attach(outside, "open", "o1");
        assertTrue(stack.getNetwork("vault").getInternal());

        assertTrue(HostNet.rules("nat", POSTROUTING).stream().noneMatch(r -> r.contains("10.71.21.0/24")),
                "no masquerading: " + HostNet.rules("nat", POSTROUTING));
        assertEquals("", inNetns(netns(inside), "ip", "route", "show", "default").strip(), "no default route");
        assertTrue(HostNet.ping(netns(inside), i2.getIpAddress()), "the internal network itself works");
        // even with a route, forwarding off the bridge is dropped in both directions
        HostNet.run("ip", "netns", "exec", netns(inside), "ip", "route", "add", "default", "via", "10.71.21.1");
        assertFalse(HostNet.ping(netns(inside), o1.getIpAddress()), "out of the internal network");
        assertFalse(HostNet.ping(netns(outside), i2.getIpAddress()), "into the internal network");
    }

    @Test
    void driverOptionsTurnMasqueradingOffAndSetTheMtu() {
        stack.network.createNetwork(CreateNetworkRequest.newBuilder().setName("nomasq").setSubnet("10.71.31.0/24")
                .putOptions("com.docker.network.bridge.name", "berthnt1")
                .putOptions("com.docker.network.bridge.enable_ip_masquerade", "false")
                .putOptions("com.docker.network.driver.mtu", "1400").build());
        assertTrue(HostNet.rules("nat", POSTROUTING).stream().noneMatch(r -> r.contains("berthnt1")));
        assertTrue(HostNet.rules("filter", FORWARD).contains("-A " + FORWARD + " -i berthnt1 -j ACCEPT"));
        String container = stack.sandbox();
        stack.attach(container, "nomasq", "small");
        String link = inNetns(netns(container), "ip", "link", "show", "eth0");
        assertTrue(link.contains("mtu 1400"), link);
        assertStatus(Status.Code.INVALID_ARGUMENT, "com.docker.network.driver.mtu", () -> stack.network.createNetwork(
                CreateNetworkRequest.newBuilder().setName("bad").putOptions("com.docker.network.driver.mtu", "big").build()));
    }

    @Test
    void startupDeletesRulesOfBridgesNoNetworkOwns() throws Exception {
        stack.createNetwork("front", 1, "");
        stack.stop();
        // what a removed test bridge or a crashed run leaves: rules naming a bridge nobody owns
        HostNet.run("iptables", "-w", "-A", FORWARD, "-i", "berthnt7", "-j", "ACCEPT");
        HostNet.run("iptables", "-w", "-t", "nat", "-A", POSTROUTING, "-s", "10.71.77.0/24", "!", "-o", "berthnt7",
                "-j", "MASQUERADE");

        stack.start();

        String all = String.join("\n", HostNet.rules("filter", FORWARD)) + HostNet.rules("nat", POSTROUTING);
        assertFalse(all.contains("berthnt7"), all);
        assertTrue(all.contains("-i berthnt1 -j ACCEPT"), "the rules of a known network stay: " + all);
        assertTrue(HostNet.linkExists("berthnt1"));
    }
}
