package dev.berth.network;

import static dev.berth.network.TestStack.netns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.network.v1.AttachRequest;
import dev.berth.api.network.v1.CreateNetworkRequest;
import dev.berth.api.network.v1.CreateSandboxRequest;
import dev.berth.api.network.v1.Endpoint;
import dev.berth.api.network.v1.GetNetworkRequest;
import dev.berth.api.network.v1.NetworkGrpc;
import dev.berth.api.network.v1.PortMapping;
import dev.berth.api.network.v1.PublishPortsRequest;
import dev.berth.api.network.v1.RemoveNetworkRequest;
import dev.berth.api.network.v1.RemoveSandboxRequest;
import dev.berth.common.testing.ServiceProcess;
import dev.berth.network.core.CrashPoints;
import dev.berth.network.core.Ids;
import io.grpc.ManagedChannel;
import io.netty.handler.codec.dns.DnsRecordType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real berth-network process killed with SIGKILL, in the middle of an attach and otherwise, and started again. */
class CrashRecoveryTest {
    private static final String DNS = "10.71.61.1";

    @TempDir
    Path dir;
    private ServiceProcess service;
    private ManagedChannel channel;
    private final SandboxServers servers = new SandboxServers();
    private final List<String> containers = List.of(Ids.random64Hex(), Ids.random64Hex());

    @BeforeAll
    static void cleanBefore() throws Exception {
        TestStack.beforeClass();
    }

    @AfterAll
    static void cleanAfter() throws Exception {
        TestStack.afterClass();
    }

    @AfterEach
    void stop() throws Exception {
        servers.close();
        if (channel != null) {
            channel.shutdownNow();
        }
        if (service != null) {
            service.close();
        }
        containers.forEach(id -> HostNet.quietly("ip", "netns", "del", netns(id)));
    }

    private NetworkGrpc.NetworkBlockingStub start(String pauseAt) throws Exception {
        Path config = Files.writeString(dir.resolve("network.properties"), """
                bridge.name=%s
                bridge.subnet=10.67.0.0/24
                iptables.chain-prefix=%s
                pool.subnet=10.71.0.0/16
                dns.upstreams=none
                """.formatted(TestStack.BRIDGE, TestStack.CHAINS));
        if (channel != null) {
            channel.shutdownNow();
        }
        if (pauseAt.isEmpty()) {
            service = new ServiceProcess("network", NetworkMain.class, NetworkGrpc.SERVICE_NAME, dir);
            channel = service.start("default", "--config", config.toString());
        } else {
            service = new ServiceProcess("network", PausingNetworkMain.class, NetworkGrpc.SERVICE_NAME, dir);
            channel = service.start("default", "--config", config.toString(), PausingNetworkMain.OPTION, pauseAt);
        }
        return NetworkGrpc.newBlockingStub(channel);
    }

    private static AttachRequest attach(String container, String name) {
        return AttachRequest.newBuilder().setContainerId(container).setNetwork("front").setContainerName(name).build();
    }

    @Test
    void aKillInTheMiddleOfAnAttachLeavesNothingAndTheAttachCanBeDoneAgain() throws Exception {
        String web = containers.get(0);
        String db = containers.get(1);
        NetworkGrpc.NetworkBlockingStub network = start("");
        network.createNetwork(CreateNetworkRequest.newBuilder().setName("front").setSubnet("10.71.61.0/24")
                .putOptions("com.docker.network.bridge.name", "berthnt1").build());
        network.createSandbox(CreateSandboxRequest.newBuilder().setContainerId(web).build());
        network.createSandbox(CreateSandboxRequest.newBuilder().setContainerId(db).build());
        Endpoint webEndpoint = network.attach(attach(web, "web"));
        servers.start(netns(web), "tcp", 8080);
        int port = SandboxServers.freePort();
        network.publishPorts(PublishPortsRequest.newBuilder().setContainerId(web).addPorts(PortMapping.newBuilder()
                .setHostIp("127.0.0.1").setHostPort(port).setContainerPort(8080)).build());

        service.kill();
        network = start(CrashPoints.ATTACH_CONNECTED);
        assertTrue(SandboxServers.tcp("127.0.0.1", port, "after a kill").endsWith(" after a kill"),
                "the published port is bound again after SIGKILL");

        NetworkGrpc.NetworkBlockingStub paused = network;
        CompletableFuture<Endpoint> interrupted = CompletableFuture.supplyAsync(() -> paused.attach(attach(db, "db")));
        Path marker = service.root().resolve("paused-at-" + CrashPoints.ATTACH_CONNECTED);
        for (int i = 0; i < 300 && !Files.exists(marker); i++) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(marker), "the attach did not reach its pause point: " + service.log());
        assertEquals(2, HostNet.vethsOn("berthnt1").size(), "the paused attach made its veth");
        assertNotEquals("NOERROR", DnsClient.udp(DNS, 53, "db", DnsRecordType.A).code(),
                "a pending endpoint has no name yet");

        service.kill();
        assertTrue(interrupted.handle((ok, failed) -> failed != null).get(10, TimeUnit.SECONDS));
        network = start("");

        assertEquals(List.of(webEndpoint), network.getNetwork(GetNetworkRequest.newBuilder().setNameOrId("front")
                .build()).getEndpointsList(), "the interrupted endpoint was rolled back");
        assertEquals(1, HostNet.vethsOn("berthnt1").size(), "its veth is gone: " + HostNet.vethsOn("berthnt1"));
        assertFalse(TestStack.inNetns(netns(db), "ip", "link").contains("eth0"));
        Endpoint again = network.attach(attach(db, "db"));
        assertEquals("10.71.61.3", again.getIpAddress(), "the address lease was released and is handed out again");
        assertEquals(List.of("10.71.61.3"), DnsClient.udp(DNS, 53, "db", DnsRecordType.A).addresses());
        assertTrue(HostNet.ping(netns(db), webEndpoint.getIpAddress()));

        for (String container : containers) {
            network.removeSandbox(RemoveSandboxRequest.newBuilder().setContainerId(container).build());
            assertFalse(HostNet.netnsExists(netns(container)));
        }
        network.removeNetwork(RemoveNetworkRequest.newBuilder().setNameOrId("front").build());
        assertFalse(HostNet.linkExists("berthnt1"));
        assertTrue(SandboxServers.bindable(port));
        String rules = HostNet.run("iptables-save");
        assertFalse(rules.contains("berthnt1") || rules.contains("10.71.61."), rules);
    }
}
