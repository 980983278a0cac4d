package dev.berth.network;

import static dev.berth.network.SandboxServers.tcp;
import static dev.berth.network.SandboxServers.udp;
import static dev.berth.network.TestStack.assertStatus;
import static dev.berth.network.TestStack.netns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.network.v1.DetachRequest;
import dev.berth.api.network.v1.ListSandboxesRequest;
import dev.berth.api.network.v1.PortMapping;
import dev.berth.api.network.v1.PublishPortsRequest;
import io.grpc.Status;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Published ports: the proxy on loopback, DNAT for local addresses, conflicts, ranges, UDP, restarts. */
class PublishedPortsTest {
    private static final String DNAT = TestStack.CHAINS + "-DNAT";
    private static final String FORWARD = TestStack.CHAINS + "-FORWARD";
    private static final String GATEWAY = "10.71.41.1";

    @TempDir
    Path dir;
    private TestStack stack;
    private final SandboxServers servers = new SandboxServers();
    private String container;
    private String containerIp;

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
        stack.createNetwork("front", 1, "10.71.41.0/24");
        container = stack.sandbox();
        containerIp = stack.attach(container, "front", "web").getIpAddress();
        servers.start(netns(container), "tcp", 8080);
    }

    @AfterEach
    void stop() throws Exception {
        servers.close();
        stack.close();
    }

    private List<PortMapping> publish(String id, PortMapping... ports) {
        return stack.network.publishPorts(PublishPortsRequest.newBuilder().setContainerId(id)
                .addAllPorts(List.of(ports)).build()).getPortsList();
    }

    private static PortMapping tcpPort(String hostIp, int hostPort, int containerPort) {
        return PortMapping.newBuilder().setHostIp(hostIp).setHostPort(hostPort).setContainerPort(containerPort).build();
    }

    private static long dnatPackets() {
        long packets = 0;
        for (String line : HostNet.run("iptables", "-w", "-t", "nat", "-L", DNAT, "-v", "-n", "-x").split("\n")) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length > 2 && fields[0].matches("[0-9]+") && line.contains("DNAT")) {
                packets += Long.parseLong(fields[0]);
            }
        }
        return packets;
    }

    @Test
    void aPublishedPortIsReachableOnLoopbackThroughTheProxyAndOnLocalAddressesThroughDnat() throws Exception {
        int port = SandboxServers.freePort();
        List<PortMapping> published = publish(container, tcpPort("", port, 8080));
        assertEquals(List.of(PortMapping.newBuilder().setProtocol("tcp").setHostIp("0.0.0.0").setHostPort(port)
                .setContainerPort(8080).build()), published);

        assertEquals(GATEWAY + " via loopback", tcp("127.0.0.1", port, "via loopback"),
                "the proxy connects from the bridge's address");
        assertEquals(List.of("-A " + DNAT + " ! -i berthnt1 -p tcp -m tcp --dport " + port
                + " -j DNAT --to-destination " + containerIp + ":8080"), HostNet.rules("nat", DNAT));
        assertTrue(HostNet.rules("filter", FORWARD).contains("-A " + FORWARD + " -d " + containerIp
                + "/32 ! -i berthnt1 -o berthnt1 -p tcp -m tcp --dport 8080 -j ACCEPT"), HostNet.rules("filter", FORWARD).toString());
        long before = dnatPackets();
        assertTrue(tcp(GATEWAY, port, "via dnat").endsWith(" via dnat"));
        assertTrue(dnatPackets() > before, "a local non-loopback address goes through DNAT");
        assertEquals(published, stack.network.listSandboxes(ListSandboxesRequest.getDefaultInstance())
                .getSandboxesList().stream().filter(s -> s.getContainerId().equals(container)).findFirst()
                .orElseThrow().getPortsList());

        String other = stack.sandbox();
        stack.attach(other, "front", "other");
        assertStatus(Status.Code.FAILED_PRECONDITION, "Bind for 0.0.0.0:" + port + " failed: port is already allocated",
                () -> publish(other, tcpPort("", port, 80)));

        stack.removeSandbox(container);
        assertTrue(SandboxServers.bindable(port), "the port is free again");
        assertEquals(List.of(), HostNet.rules("nat", DNAT));
        assertFalse(String.join("\n", HostNet.rules("filter", FORWARD)).contains(containerIp));
    }

    @Test
    void aTakenPortFailsTheWholeRequestAndLeavesNothingPublished() throws Exception {
        try (ServerSocket holder = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int taken = holder.getLocalPort();
            int free = SandboxServers.freePort();
            assertStatus(Status.Code.FAILED_PRECONDITION, "Bind for 127.0.0.1:" + taken
                    + " failed: port is already allocated",
                    () -> publish(container, tcpPort("127.0.0.1", free, 8080), tcpPort("127.0.0.1", taken, 8081)));
            assertTrue(SandboxServers.bindable(free), "the first port of the request was let go");
            assertEquals(List.of(), HostNet.rules("nat", DNAT));
            assertEquals(0, stack.network.listSandboxes(ListSandboxesRequest.getDefaultInstance()).getSandboxes(0)
                    .getPortsCount());
        }
        assertStatus(Status.Code.INVALID_ARGUMENT, "sctp", () -> publish(container,
                PortMapping.newBuilder().setProtocol("sctp").setContainerPort(80).build()));
        String bare = stack.sandbox();
        assertStatus(Status.Code.FAILED_PRECONDITION, "no endpoint with an address", () -> publish(bare,
                tcpPort("", 0, 80)));
    }

    @Test
    void portZeroTakesAnEphemeralPortAndARangeTakesItsFirstFreePort() throws Exception {
        int random = publish(container, tcpPort("127.0.0.1", 0, 8080)).getFirst().getHostPort();
        assertTrue(random >= 32768 && random <= 60999, "ephemeral: " + random);
        assertTrue(tcp("127.0.0.1", random, "random").endsWith(" random"));

        int first = SandboxServers.freePort();
        try (ServerSocket holder = new ServerSocket(first, 50, InetAddress.getByName("127.0.0.1"))) {
            PortMapping range = PortMapping.newBuilder().setHostIp("127.0.0.1").setHostPort(first)
                    .setHostPortEnd(first + 2).setContainerPort(8080).build();
            int chosen = publish(container, range).getFirst().getHostPort();
            assertTrue(chosen > first && chosen <= first + 2, "chosen " + chosen + " after the taken " + first);
            assertTrue(tcp("127.0.0.1", chosen, "range").endsWith(" range"));
        }
    }

    @Test
    void detachingTheEndpointUnpublishesItsPortsSoTheAddressCanBeReused() throws Exception {
        int port = SandboxServers.freePort();
        publish(container, tcpPort("127.0.0.1", port, 8080));

        stack.network.detach(DetachRequest.newBuilder().setContainerId(container).setNetwork("front").build());

        assertTrue(SandboxServers.bindable(port), "the proxy let the port go");
        assertEquals(List.of(), HostNet.rules("nat", DNAT));
        assertEquals(0, stack.network.listSandboxes(ListSandboxesRequest.getDefaultInstance()).getSandboxes(0)
                .getPortsCount());
    }

    @Test
    void udpPortsAreProxied() throws Exception {
        servers.start(netns(container), "udp", 5353);
        int port = SandboxServers.freePort();
        PortMapping mapping = PortMapping.newBuilder().setProtocol("udp").setHostIp("127.0.0.1").setHostPort(port)
                .setContainerPort(5353).build();
        assertEquals("udp", publish(container, mapping).getFirst().getProtocol());

        assertEquals(GATEWAY + " ping", udp("127.0.0.1", port, "ping"));
        assertTrue(HostNet.rules("nat", DNAT).getFirst().contains("-d 127.0.0.1/32 ! -i berthnt1 -p udp -m udp --dport "
                + port + " -j DNAT --to-destination " + containerIp + ":5353"), HostNet.rules("nat", DNAT).toString());
        assertStatus(Status.Code.FAILED_PRECONDITION, "port is already allocated", () -> publish(container, mapping));
    }

    @Test
    void aRestartBindsThePortsAgainAndReleasesThoseOfSandboxesThatAreGone() throws Exception {
        int kept = SandboxServers.freePort();
        publish(container, tcpPort("127.0.0.1", kept, 8080));
        String gone = stack.sandbox();
        stack.attach(gone, "front", "gone");
        int released = SandboxServers.freePort();
        publish(gone, tcpPort("", released, 80));
        String cut = stack.sandbox();
        stack.attach(cut, "front", "cut");
        int unplugged = SandboxServers.freePort();
        publish(cut, tcpPort("", unplugged, 80));
        String cutVeth = HostNet.vethsOn("berthnt1").getLast();
        stack.stop();
        HostNet.run("ip", "netns", "del", netns(gone)); // the sandbox vanished while the service was down
        HostNet.run("ip", "link", "del", "dev", cutVeth); // and an endpoint's veth

        stack.start();

        assertTrue(tcp("127.0.0.1", kept, "again").endsWith(" again"), "the proxy is back");
        assertTrue(SandboxServers.bindable(released), "the port of the vanished sandbox is free");
        assertTrue(SandboxServers.bindable(unplugged), "the port of the vanished endpoint is free");
        assertEquals(1, HostNet.rules("nat", DNAT).size(), HostNet.rules("nat", DNAT).toString());
        assertStatus(Status.Code.FAILED_PRECONDITION, "port is already allocated", () ->
                publish(container, tcpPort("127.0.0.1", kept, 8080)));
    }
}
