package dev.berth.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.containerd.images.v1.CreateImageRequest;
import dev.berth.api.containerd.images.v1.GetImageRequest;
import dev.berth.api.containerd.images.v1.Image;
import dev.berth.api.containerd.images.v1.ImagesGrpc;
import dev.berth.api.containerd.snapshots.v1.PrepareSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.SnapshotsGrpc;
import dev.berth.api.containerd.snapshots.v1.StatSnapshotRequest;
import dev.berth.api.containerd.types.Descriptor;
import dev.berth.api.network.v1.CreateNetworkRequest;
import dev.berth.api.network.v1.GetNetworkRequest;
import dev.berth.api.network.v1.NetworkGrpc;
import dev.berth.common.grpc.GrpcChannels;
import dev.berth.common.testing.HostNetworkCleanup;
import dev.berth.common.testing.ServiceProcess;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** berth-services as its real process: three services, three sockets, one pid; SIGKILL and a restart keep their data. */
class ServiceHostTest {
    private static final String CHAINS = "BERTHSH";
    private static final String BRIDGE = "berthsh0";
    private static final String POOL_PREFIX = "10.90.";

    @TempDir
    Path dir;
    private Path shortDir;
    private ServiceProcess host;
    private final List<ManagedChannel> channels = new ArrayList<>();

    @BeforeEach
    void clean() {
        removeHostNetwork();
    }

    @AfterEach
    void stop() throws Exception {
        channels.forEach(ManagedChannel::shutdownNow);
        if (host != null) {
            host.close();
        }
        removeHostNetwork();
        if (shortDir != null) {
            try (var paths = Files.walk(shortDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void removeHostNetwork() {
        HostNetworkCleanup.removeChains(CHAINS);
        HostNetworkCleanup.removeLink(BRIDGE);
        HostNetworkCleanup.removeBridgesWithAddress(POOL_PREFIX);
    }

    private Path config() throws Exception {
        Path run = dir.resolve("run");
        return Files.writeString(dir.resolve("berth.properties"), String.join("\n",
                "content.address=unix://" + run.resolve("content.sock"),
                "snapshotter.address=unix://" + run.resolve("snapshotter.sock"),
                "bridge.name=" + BRIDGE, "bridge.subnet=10.88.0.0/24", "iptables.chain-prefix=" + CHAINS,
                "pool.subnet=" + POOL_PREFIX + "0.0/16", ""));
    }

    private ManagedChannel startHost(Path config, String... extraArgs) throws Exception {
        host = new ServiceProcess("content", ServiceHostMain.class, "containerd.services.content.v1.Content", dir);
        List<String> args = new ArrayList<>(List.of("--config", config.toString()));
        args.addAll(List.of(extraArgs));
        return host.start("default", args.toArray(String[]::new));
    }

    private static final String[] SERVICES = {"--service", "content", "--service", "snapshotter", "--service", "network"};

    private ManagedChannel dial(String service, String healthService) throws Exception {
        ManagedChannel channel = GrpcChannels.dial(dir.resolve("run").resolve(service + ".sock"), "default");
        channels.add(channel);
        assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .withWaitForReady().check(HealthCheckRequest.newBuilder().setService(healthService).build()).getStatus());
        return channel;
    }

    @Test
    void hostsEveryServiceOnItsOwnSocketAndKeepsTheirDataAcrossSigkill() throws Exception {
        Path config = config();
        ManagedChannel content = startHost(config, SERVICES);
        ManagedChannel snapshots = dial("snapshotter", "containerd.services.snapshots.v1.Snapshots");
        ManagedChannel network = dial("network", "berth.network.v1.Network");
        long pid = host.process().pid();
        assertEquals(pid + "\n", Files.readString(dir.resolve("run/services.pid")), "one process, one pid file");
        for (String service : List.of("content", "snapshotter", "network")) {
            assertTrue(Files.isDirectory(dir.resolve("root").resolve(service)), service + " keeps its state in <root>/" + service);
        }

        String digest = "sha256:" + "ab".repeat(32);
        ImagesGrpc.newBlockingStub(content).create(CreateImageRequest.newBuilder().setImage(Image.newBuilder().setName("host/test:1")
                .setTarget(Descriptor.newBuilder().setMediaType("application/vnd.oci.image.manifest.v1+json").setDigest(digest).setSize(2))).build());
        SnapshotsGrpc.newBlockingStub(snapshots).prepare(PrepareSnapshotRequest.newBuilder().setSnapshotter("overlayfs").setKey("host-test").build());
        String networkId = NetworkGrpc.newBlockingStub(network).createNetwork(CreateNetworkRequest.newBuilder().setName("hostnet").build()).getId();

        host.kill();
        channels.forEach(ManagedChannel::shutdownNow);
        channels.clear();
        content = startHost(config, SERVICES);
        channels.add(content);
        snapshots = dial("snapshotter", "containerd.services.snapshots.v1.Snapshots");
        network = dial("network", "berth.network.v1.Network");
        assertFalse(pid == host.process().pid());

        assertEquals(digest, ImagesGrpc.newBlockingStub(content).get(GetImageRequest.newBuilder().setName("host/test:1").build())
                .getImage().getTarget().getDigest());
        assertEquals("host-test", SnapshotsGrpc.newBlockingStub(snapshots)
                .stat(StatSnapshotRequest.newBuilder().setSnapshotter("overlayfs").setKey("host-test").build()).getInfo().getName());
        assertEquals(networkId, NetworkGrpc.newBlockingStub(network).getNetwork(GetNetworkRequest.newBuilder().setNameOrId("hostnet").build()).getId());
    }

    @Test
    void theEngineHostsTheGatewayBesideItsPeersAndListensOnlyOnceTheyServe() throws Exception {
        // the gateway refuses a state directory whose shim socket paths would not fit 107 bytes
        dir = Files.createDirectories(Path.of("/tmp", "bsh" + ProcessHandle.current().pid()));
        shortDir = dir;
        Path config = Files.writeString(dir.resolve("engine.properties"), Files.readString(config())
                + "shim.binary=/nonexistent/berth-shim\nshim.idle-exit=0\n");
        ManagedChannel content = startHost(config, "--name", "berthd");
        channels.add(content);
        Path socket = dir.resolve("run/berth.sock");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(socket)) {
            assertTrue(host.process().isAlive(), host::log);
            assertTrue(System.nanoTime() < deadline, "the gateway did not listen");
            Thread.sleep(50);
        }
        assertEquals("OK", httpBody(socket, "/_ping"));
        assertTrue(httpBody(socket, "/version").contains("\"ApiVersion\":\"1.41\""));
        assertEquals(host.process().pid() + "\n", Files.readString(dir.resolve("run/berthd.pid")));
        for (String service : List.of("snapshotter", "network")) {
            assertTrue(Files.exists(dir.resolve("run").resolve(service + ".sock")), service + " serves on its own socket");
        }
        assertTrue(Files.isDirectory(dir.resolve("root/gateway")), "the gateway keeps its records in <root>/gateway");
    }

    /** One HTTP/1.0 GET over the unix socket: the body. */
    private static String httpBody(Path socket, String path) throws Exception {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            channel.write(ByteBuffer.wrap(("GET " + path + " HTTP/1.0\r\nHost: berth\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
            String response = new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1."), response);
            assertTrue(response.contains(" 200 "), response);
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }

    @Test
    void oneHostedServiceServesOnTheSocketItIsGiven() throws Exception {
        host = new ServiceProcess("elsewhere", ServiceHostMain.class, "containerd.services.content.v1.Content", dir);
        channels.add(host.start("default", "--config", config().toString(), "--service", "content",
                "--socket", dir.resolve("run/elsewhere.sock").toString()));
        assertFalse(Files.exists(dir.resolve("run/content.sock")), "not on the default socket");
    }

    @Test
    void anUnknownServiceIsRefusedByName() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ServiceHostMain.class.getName(),
                "--root", dir.resolve("root").toString(), "--state", dir.resolve("run").toString(), "--service", "dns")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), output);
        assertTrue(output.contains("unknown service 'dns' (this host has: content, snapshotter, network, gateway)"), output);
    }
}
