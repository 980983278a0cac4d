package dev.berth.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.network.v1.AttachRequest;
import dev.berth.api.network.v1.CreateNetworkRequest;
import dev.berth.api.network.v1.CreateSandboxRequest;
import dev.berth.api.network.v1.Endpoint;
import dev.berth.api.network.v1.GetNetworkRequest;
import dev.berth.api.network.v1.ListNetworksRequest;
import dev.berth.api.network.v1.NetworkGrpc;
import dev.berth.api.network.v1.NetworkInfo;
import dev.berth.api.network.v1.RemoveNetworkRequest;
import dev.berth.api.network.v1.RemoveSandboxRequest;
import dev.berth.common.testing.TestServices;
import dev.berth.network.core.ContainerIds;
import dev.berth.network.core.Ids;
import dev.berth.network.core.NetworkEngine;
import dev.berth.network.grpc.NetworkGrpcService;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.function.Executable;

/**
 * The service in-process on a real socket, for the tests of user-defined networks, ports and DNS:
 * bridge berthnt0 on 10.67.0.0/24, user networks from 10.71.0.0/16 on bridges berthnt1..., chains
 * BERTHNT-*. {@link #close} removes every namespace, veth and bridge the test made.
 */
final class TestStack implements AutoCloseable {
    static final String BRIDGE = "berthnt0";
    static final String CHAINS = "BERTHNT";
    static final String USER_BRIDGE_PREFIX = "berthnt";

    private final Path dir;
    private final NetworkSettings settings;
    private final List<TestServices> running = new ArrayList<>();
    private final List<NetworkEngine> engines = new ArrayList<>();
    private final List<String> containers = new java.util.concurrent.CopyOnWriteArrayList<>();
    NetworkGrpc.NetworkBlockingStub network;

    TestStack(Path dir, NetworkSettings settings) {
        this.dir = dir;
        this.settings = settings;
    }

    static NetworkSettings settings() {
        return NetworkSettings.of(BRIDGE, "10.67.0.0/24", CHAINS).withPool("10.71.0.0/16");
    }

    Path root() {
        return dir.resolve("root");
    }

    NetworkGrpc.NetworkBlockingStub start() throws Exception {
        NetworkEngine engine = NetworkEngine.open(root(), settings);
        engines.add(engine);
        Path socketDir = Files.createDirectories(dir.resolve("service-" + running.size()));
        running.add(TestServices.serve(socketDir, new NetworkGrpcService(engine)));
        network = NetworkGrpc.newBlockingStub(running.getLast().channel());
        return network;
    }

    /** Stops the service as a crash would (sockets closed, kernel state left) and starts it again. */
    NetworkGrpc.NetworkBlockingStub restart() throws Exception {
        stop();
        return start();
    }

    void stop() throws Exception {
        running.removeLast().close();
        engines.removeLast().close();
    }

    String newContainer() {
        String id = Ids.random64Hex();
        containers.add(id);
        return id;
    }

    /** A new container with its sandbox; returns its id. */
    String sandbox() {
        String id = newContainer();
        network.createSandbox(CreateSandboxRequest.newBuilder().setContainerId(id).build());
        return id;
    }

    static String netns(String container) {
        return ContainerIds.netnsName(container);
    }

    Endpoint attach(String container, String networkName, String name, String... aliases) {
        return network.attach(AttachRequest.newBuilder().setContainerId(container).setNetwork(networkName)
                .setContainerName(name).addAllAliases(List.of(aliases)).build());
    }

    void removeSandbox(String container) {
        network.removeSandbox(RemoveSandboxRequest.newBuilder().setContainerId(container).build());
    }

    /** A user network on bridge berthnt{@code index}, subnet from the pool unless given. */
    NetworkInfo createNetwork(String name, int index, String subnet) {
        return network.createNetwork(CreateNetworkRequest.newBuilder().setName(name).setSubnet(subnet)
                .putOptions("com.docker.network.bridge.name", USER_BRIDGE_PREFIX + index).build());
    }

    NetworkInfo getNetwork(String nameOrId) {
        return network.getNetwork(GetNetworkRequest.newBuilder().setNameOrId(nameOrId).build());
    }

    void removeNetwork(String nameOrId) {
        network.removeNetwork(RemoveNetworkRequest.newBuilder().setNameOrId(nameOrId).build());
    }

    static void assertStatus(Status.Code code, String messagePart, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
        assertTrue(String.valueOf(e.getStatus().getDescription()).contains(messagePart), e.getStatus().toString());
    }

    static String inNetns(String netns, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", netns));
        full.addAll(List.of(command));
        return HostNet.run(full.toArray(String[]::new));
    }

    @Override
    public void close() throws Exception {
        List<String> userBridges = new ArrayList<>();
        if (!running.isEmpty()) {
            // bridges named bn-<id> too, which the berthnt* sweep below does not match
            network.listNetworks(ListNetworksRequest.getDefaultInstance()).getNetworksList().stream()
                    .filter(n -> !n.getBuiltIn())
                    .forEach(n -> userBridges.add(n.getBridgeName()));
        }
        for (TestServices services : running) {
            services.close();
        }
        engines.forEach(NetworkEngine::close);
        for (String container : containers) {
            HostNet.quietly("ip", "netns", "del", netns(container));
        }
        for (String bridge : userBridges) {
            HostNet.quietly("ip", "link", "del", "dev", bridge);
        }
        removeTestBridges();
    }

    /** Every bridge named berthnt* with the veths on it (user networks' bridges and the default one). */
    static void removeTestBridges() {
        for (String line : HostNet.run("ip", "-o", "link", "show").split("\n")) {
            String[] fields = line.split(":\\s+");
            if (fields.length > 1) {
                String name = fields[1].split("@")[0];
                if (name.startsWith(USER_BRIDGE_PREFIX)) {
                    for (String veth : HostNet.vethsOn(name)) {
                        HostNet.quietly("ip", "link", "del", "dev", veth);
                    }
                    HostNet.quietly("ip", "link", "del", "dev", name);
                }
            }
        }
    }

    private static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");
    private static String ipForwardBefore;

    /** Before a test class: nothing of a previous run (one killed before its cleanup). */
    static void beforeClass() throws Exception {
        Prerequisites.require();
        ipForwardBefore = Files.readString(IP_FORWARD).strip();
        removeTestBridges();
        HostNet.removeChains(CHAINS);
    }

    /** After it: nothing left for the next, and IPv4 forwarding as it was. */
    static void afterClass() throws Exception {
        if (ipForwardBefore == null) {
            return; // the prerequisites were missing: nothing was made
        }
        removeTestBridges();
        HostNet.removeChains(CHAINS);
        Files.writeString(IP_FORWARD, ipForwardBefore + "\n");
    }
}
