package dev.berth.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.network.v1.AttachRequest;
import dev.berth.api.network.v1.CreateSandboxRequest;
import dev.berth.api.network.v1.DetachRequest;
import dev.berth.api.network.v1.Endpoint;
import dev.berth.api.network.v1.GetNetworkRequest;
import dev.berth.api.network.v1.ListNetworksRequest;
import dev.berth.api.network.v1.NetworkGrpc;
import dev.berth.api.network.v1.NetworkInfo;
import dev.berth.api.network.v1.RemoveSandboxRequest;
import dev.berth.api.network.v1.Sandbox;
import dev.berth.network.core.ContainerIds;
import dev.berth.network.ipam.Ipv4;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service through its real socket, with real namespaces, veth pairs, a real bridge and real
 * iptables rules. It uses its own bridge, subnet and chains so a running Berth is never touched.
 */
class NetworkServiceTest {
    static final String BRIDGE = TestStack.BRIDGE;
    static final String CHAINS = TestStack.CHAINS;
    static final NetworkSettings SETTINGS = TestStack.settings();
    static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");

    @TempDir
    Path dir;
    private TestStack stack;
    private NetworkGrpc.NetworkBlockingStub network;

    @BeforeAll
    static void cleanBefore() throws Exception {
        TestStack.beforeClass(); // a previous run killed before its cleanup
    }

    @AfterAll
    static void cleanAfter() throws Exception {
        TestStack.afterClass();
    }

    @BeforeEach
    void start() throws Exception {
        stack = new TestStack(dir, SETTINGS);
        network = stack.start();
    }

    @AfterEach
    void stopAndClean() throws Exception {
        stack.close();
    }

    private NetworkGrpc.NetworkBlockingStub restartService() throws Exception {
        return stack.restart();
    }

    private String newContainer() {
        return stack.newContainer();
    }

    private Sandbox createSandbox(String container) {
        return network.createSandbox(CreateSandboxRequest.newBuilder().setContainerId(container).build());
    }

    private Endpoint attach(String container, String networkName) {
        return network.attach(AttachRequest.newBuilder().setContainerId(container).setNetwork(networkName).build());
    }

    private void detach(String container, String networkName) {
        network.detach(DetachRequest.newBuilder().setContainerId(container).setNetwork(networkName).build());
    }

    private void removeSandbox(String container) {
        network.removeSandbox(RemoveSandboxRequest.newBuilder().setContainerId(container).build());
    }

    private NetworkInfo getNetwork(String nameOrId) {
        return network.getNetwork(GetNetworkRequest.newBuilder().setNameOrId(nameOrId).build());
    }

    private static void assertStatus(Status.Code code, String messagePart, Executable call) {
        TestStack.assertStatus(code, messagePart, call);
    }

    private static String inNetns(String netns, String... command) {
        return TestStack.inNetns(netns, command);
    }

    @Test
    void builtInNetworksAreListedWithStableIdsAndFoundByNameIdOrPrefix() throws Exception {
        List<NetworkInfo> networks = network.listNetworks(ListNetworksRequest.getDefaultInstance()).getNetworksList();
        Map<String, NetworkInfo> byName = networks.stream().collect(Collectors.toMap(NetworkInfo::getName, n -> n));
        assertEquals(Set.of("bridge", "host", "none"), byName.keySet());
        assertEquals("bridge", byName.get("bridge").getDriver());
        assertEquals("host", byName.get("host").getDriver());
        assertEquals("null", byName.get("none").getDriver());
        NetworkInfo bridge = byName.get("bridge");
        assertEquals("10.67.0.0/24", bridge.getSubnet());
        assertEquals("10.67.0.1", bridge.getGateway());
        assertEquals(BRIDGE, bridge.getBridgeName());
        for (NetworkInfo info : networks) {
            assertTrue(info.getId().matches("[0-9a-f]{64}"), info.getId());
        }

        assertEquals(bridge, getNetwork(bridge.getId()));
        assertEquals(bridge, getNetwork(bridge.getId().substring(0, 12)));
        assertEquals("host", getNetwork("host").getName());
        assertStatus(Status.Code.NOT_FOUND, "network nosuch not found", () -> getNetwork("nosuch"));
        assertStatus(Status.Code.INVALID_ARGUMENT, "required", () -> getNetwork(""));

        network = restartService();
        List<NetworkInfo> after = network.listNetworks(ListNetworksRequest.getDefaultInstance()).getNetworksList();
        assertEquals(networks.stream().map(NetworkInfo::getId).toList(), after.stream().map(NetworkInfo::getId).toList(),
                "ids survive a restart");
    }

    @Test
    void createSandboxMakesANamedNetnsWithLoopbackUpAndIsIdempotent() {
        String container = newContainer();
        Sandbox sandbox = createSandbox(container);
        String netns = "berth-" + container.substring(0, 12);
        assertEquals("/run/netns/" + netns, sandbox.getNetnsPath());
        assertEquals(container, sandbox.getContainerId());
        assertTrue(HostNet.netnsExists(netns));
        assertTrue(inNetns(netns, "ip", "link", "show", "lo").contains("UP"), "loopback is up");

        assertEquals(sandbox, createSandbox(container), "a second call returns the same sandbox");
    }

    @Test
    void attachToTheBridgeConfiguresEth0AndTheHostCanPingIt() throws Exception {
        String container = newContainer();
        String netns = createSandbox(container).getNetnsPath().substring("/run/netns/".length());

        Endpoint endpoint = attach(container, "");

        NetworkInfo bridge = getNetwork("bridge");
        assertEquals(bridge.getId(), endpoint.getNetworkId());
        assertEquals("bridge", endpoint.getNetworkName());
        assertEquals(container, endpoint.getContainerId());
        assertTrue(endpoint.getEndpointId().matches("[0-9a-f]{64}"));
        assertEquals("10.67.0.2", endpoint.getIpAddress(), "the first host address after the gateway");
        assertEquals(24, endpoint.getPrefixLength());
        assertEquals("10.67.0.1", endpoint.getGateway());
        assertEquals("02:42:0a:43:00:02", endpoint.getMacAddress());
        assertEquals("eth0", endpoint.getInterfaceName());
        assertEquals(List.of(endpoint), bridge.getEndpointsList());

        String address = inNetns(netns, "ip", "-4", "addr", "show", "eth0");
        assertTrue(address.contains("inet 10.67.0.2/24"), address);
        String link = inNetns(netns, "ip", "link", "show", "eth0");
        assertTrue(link.contains("02:42:0a:43:00:02") && link.contains("UP"), link);
        String route = inNetns(netns, "ip", "route", "show", "default");
        assertTrue(route.contains("default via 10.67.0.1 dev eth0"), route);

        assertTrue(HostNet.linkExists(BRIDGE));
        assertTrue(HostNet.run("ip", "-4", "addr", "show", "dev", BRIDGE).contains("inet 10.67.0.1/24"));
        assertTrue(HostNet.RUN.succeeds("iptables", "-w", "-t", "nat", "-C", CHAINS + "-POSTROUTING",
                "-s", "10.67.0.0/24", "!", "-o", BRIDGE, "-j", "MASQUERADE"), "masquerade rule in Berth's chain");
        assertTrue(HostNet.RUN.succeeds("iptables", "-w", "-t", "nat", "-C", "POSTROUTING", "-j", CHAINS + "-POSTROUTING"));
        assertEquals("1", Files.readString(IP_FORWARD).strip());
        List<String> hostEnds = HostNet.vethsOn(BRIDGE);
        assertEquals(1, hostEnds.size(), hostEnds.toString());
        assertTrue(hostEnds.getFirst().matches("vb[0-9a-f]{8}"), hostEnds.toString());

        assertTrue(HostNet.ping(null, "10.67.0.2"), "the host reaches the container");
        assertTrue(HostNet.ping(netns, "10.67.0.1"), "the container reaches its gateway");

        assertStatus(Status.Code.ALREADY_EXISTS, "already exists in network bridge", () -> attach(container, "bridge"));
    }

    @Test
    void twoContainersGetDifferentAddressesAndReachEachOther() throws Exception {
        String first = newContainer();
        String second = newContainer();
        createSandbox(first);
        createSandbox(second);
        Endpoint a = attach(first, "bridge");
        Endpoint b = attach(second, getNetwork("bridge").getId());

        assertNotEquals(a.getIpAddress(), b.getIpAddress());
        assertEquals("10.67.0.3", b.getIpAddress());
        assertTrue(HostNet.ping(ContainerIds.netnsName(first), b.getIpAddress()));
        assertTrue(HostNet.ping(ContainerIds.netnsName(second), a.getIpAddress()));
        assertEquals(2, getNetwork("bridge").getEndpointsCount());
    }

    @Test
    void detachAndRemoveSandboxLeaveNothingBehindAndFreeTheAddress() throws Exception {
        String container = newContainer();
        createSandbox(container);
        Endpoint endpoint = attach(container, "bridge");
        String netns = ContainerIds.netnsName(container);
        assertFalse(HostNet.vethsOn(BRIDGE).isEmpty());

        detach(container, "bridge");
        assertTrue(HostNet.vethsOn(BRIDGE).isEmpty(), "the veth pair is gone: " + HostNet.vethsOn(BRIDGE));
        assertFalse(inNetns(netns, "ip", "link").contains("eth0"));
        assertEquals(0, getNetwork("bridge").getEndpointsCount());
        detach(container, "bridge"); // idempotent

        removeSandbox(container);
        assertFalse(HostNet.netnsExists(netns));
        removeSandbox(container); // idempotent

        String next = newContainer();
        createSandbox(next);
        assertEquals(endpoint.getIpAddress(), attach(next, "bridge").getIpAddress(), "the address was released");
    }

    @Test
    void removeSandboxDetachesEveryEndpoint() throws Exception {
        String container = newContainer();
        createSandbox(container);
        attach(container, "bridge");

        removeSandbox(container);

        assertTrue(HostNet.vethsOnSettled(BRIDGE).isEmpty(), HostNet.vethsOn(BRIDGE).toString());
        assertFalse(HostNet.netnsExists(ContainerIds.netnsName(container)));
        assertEquals(0, getNetwork("bridge").getEndpointsCount());
        assertStatus(Status.Code.FAILED_PRECONDITION, "CreateSandbox", () -> attach(container, "bridge"));
    }

    @Test
    void aNamespaceSomethingStillHoldsLosesItsVethAllTheSame() throws Exception {
        String container = newContainer();
        createSandbox(container);
        attach(container, "bridge");
        String netns = ContainerIds.netnsName(container);
        // a process left in the namespace keeps it, and the pair with it, alive after its file is gone
        Process holder = new ProcessBuilder("ip", "netns", "exec", netns, "sleep", "30").start();
        try {
            Thread.sleep(200);
            removeSandbox(container);
            assertFalse(HostNet.netnsExists(netns));
            assertTrue(HostNet.vethsOnSettled(BRIDGE).isEmpty(), "the host end is deleted: " + HostNet.vethsOn(BRIDGE));
            assertTrue(holder.isAlive(), "the namespace was still held while the veth went");
        } finally {
            holder.destroyForcibly().waitFor();
        }
    }

    @Test
    void badRequestsAreRefusedWithTheRightCodes() {
        String container = newContainer();
        assertStatus(Status.Code.FAILED_PRECONDITION, "no network sandbox", () -> attach(container, "bridge"));
        createSandbox(container);
        assertStatus(Status.Code.NOT_FOUND, "network nosuch not found", () -> attach(container, "nosuch"));
        assertStatus(Status.Code.NOT_FOUND, "network nosuch not found", () -> detach(container, "nosuch"));
        assertStatus(Status.Code.INVALID_ARGUMENT, "container id", () -> createSandbox(""));
        assertStatus(Status.Code.INVALID_ARGUMENT, "invalid container id", () -> createSandbox("../../etc"));
        assertStatus(Status.Code.INVALID_ARGUMENT, "invalid container id", () -> attach("a/b", "bridge"));
        assertStatus(Status.Code.INVALID_ARGUMENT, "invalid container id", () -> removeSandbox(".hidden"));
        assertStatus(Status.Code.FAILED_PRECONDITION, "own network namespace", () -> attach(container, "host"));
        attach(container, "bridge");
        assertStatus(Status.Code.FAILED_PRECONDITION, "cannot also join network none", () -> attach(container, "none"));
    }

    @Test
    void aFailedAttachLeavesNoVethAndNoAddressHeld() {
        String container = newContainer();
        createSandbox(container);
        HostNet.run("ip", "netns", "del", ContainerIds.netnsName(container)); // the kernel step will fail

        assertStatus(Status.Code.INTERNAL, "Cannot open network namespace", () -> attach(container, "bridge"));

        assertEquals(0, getNetwork("bridge").getEndpointsCount(), "the write-ahead record was rolled back");
        assertTrue(HostNet.vethsOn(BRIDGE).isEmpty(), HostNet.vethsOn(BRIDGE).toString());
        createSandbox(container); // recreates the vanished namespace
        assertEquals("10.67.0.2", attach(container, "bridge").getIpAddress(), "the address was not held");
    }

    @Test
    void noneGivesLoopbackOnly() {
        String container = newContainer();
        String netns = createSandbox(container).getNetnsPath().substring("/run/netns/".length());

        Endpoint endpoint = attach(container, "none");

        assertEquals("none", endpoint.getNetworkName());
        assertEquals("", endpoint.getIpAddress());
        assertEquals("", endpoint.getInterfaceName());
        String links = inNetns(netns, "ip", "-o", "link", "show");
        assertEquals(1, links.strip().lines().count(), links);
        assertTrue(links.contains("lo:") && links.contains("UP"), links);
        assertTrue(inNetns(netns, "ip", "-4", "addr").contains("127.0.0.1"));
        assertStatus(Status.Code.FAILED_PRECONDITION, "cannot also join network bridge", () -> attach(container, "bridge"));
        assertEquals(1, getNetwork("none").getEndpointsCount());

        removeSandbox(container);
        assertEquals(0, getNetwork("none").getEndpointsCount());
    }

    @Test
    void hostNeedsNoSandboxAndConfiguresNothing() {
        String container = newContainer();
        Endpoint endpoint = attach(container, "host");
        assertEquals("host", endpoint.getNetworkName());
        assertTrue(endpoint.getEndpointId().matches("[0-9a-f]{64}"));
        assertEquals("", endpoint.getIpAddress());
        assertEquals("", endpoint.getGateway());
        assertEquals("", endpoint.getMacAddress());
        assertEquals("", endpoint.getInterfaceName());
        assertFalse(HostNet.netnsExists(ContainerIds.netnsName(container)));
        assertStatus(Status.Code.ALREADY_EXISTS, "already exists in network host", () -> attach(container, "host"));

        detach(container, "host");
        assertEquals(0, getNetwork("host").getEndpointsCount());
        attach(container, "host");
        removeSandbox(container);
        assertEquals(0, getNetwork("host").getEndpointsCount());
    }

    @Test
    void aRestartedServiceKeepsAllocationsAndHandsOutFreshAddresses() throws Exception {
        String first = newContainer();
        createSandbox(first);
        Endpoint kept = attach(first, "bridge");

        network = restartService();

        assertEquals(List.of(kept), getNetwork("bridge").getEndpointsList());
        String second = newContainer();
        createSandbox(second);
        Endpoint fresh = attach(second, "bridge");
        assertNotEquals(kept.getIpAddress(), fresh.getIpAddress());
        assertTrue(HostNet.ping(null, kept.getIpAddress()), "the kept container still works");
        assertStatus(Status.Code.ALREADY_EXISTS, "already exists", () -> attach(first, "bridge"));
    }

    @Test
    void restartReleasesEndpointsWhoseNamespaceIsGoneAndRemovesStrayVeths() throws Exception {
        String gone = newContainer();
        createSandbox(gone);
        Endpoint released = attach(gone, "bridge");
        stack.stop();
        HostNet.run("ip", "netns", "del", ContainerIds.netnsName(gone));
        // a veth on Berth's bridge that no endpoint owns, as a crash mid-attach leaves it
        HostNet.run("ip", "link", "add", "vbdeadbeef", "type", "veth", "peer", "name", "vbdeadbeefp");
        HostNet.run("ip", "link", "set", "dev", "vbdeadbeef", "master", BRIDGE);

        network = stack.start();

        assertEquals(0, getNetwork("bridge").getEndpointsCount());
        assertFalse(HostNet.linkExists("vbdeadbeef"), "the stray veth was removed");
        String next = newContainer();
        createSandbox(next);
        assertEquals(released.getIpAddress(), attach(next, "bridge").getIpAddress());
        assertEquals(createSandbox(next).getNetnsPath(), "/run/netns/" + ContainerIds.netnsName(next));
        // the released container can start over
        Sandbox again = createSandbox(gone);
        assertTrue(Files.exists(Path.of(again.getNetnsPath())));
    }

    @Test
    void concurrentAttachesGetDistinctAddresses() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(newContainer());
        }
        List<Future<Endpoint>> futures = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String id : ids) {
                futures.add(executor.submit(() -> {
                    createSandbox(id);
                    return attach(id, "bridge");
                }));
            }
        }
        Set<String> addresses = new HashSet<>();
        for (Future<Endpoint> future : futures) {
            String address = future.get().getIpAddress();
            assertTrue(Ipv4.parse(address) > Ipv4.parse("10.67.0.1") && address.startsWith("10.67.0."), address);
            addresses.add(address);
        }
        assertEquals(ids.size(), addresses.size(), addresses.toString());
        assertEquals(ids.size(), getNetwork("bridge").getEndpointsCount());
    }
}
