package dev.berth.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Berth's services as real processes in one temporary directory, each with its own --root and the
 * shared --state (sockets), found by each other through one config file as deploy/berth-stack does.
 * The content store does not collect garbage: behind containerd's proxy plugin, containerd keeps the
 * references and collects through the proxy itself (gc.enabled=false, as such a deployment sets it).
 * The network service gets a bridge name, subnet, pool and iptables chain prefix of its own
 * ({@link #TEST_BRIDGE}, {@link #CHAIN_PREFIX}); closing the stack removes that bridge and those chains.
 */
final class BerthStack implements AutoCloseable {
    static final String TEST_BRIDGE = "berthio0";
    static final String CHAIN_PREFIX = "BERTHIO";
    static final String SHIM_GROUP = "interop";

    private final Path dir;
    private final Path state;
    private final List<ServiceProcess> services = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    private BerthStack(Path dir) {
        this.dir = dir;
        this.state = dir.resolve("run");
    }

    /** Content store and snapshotter; with {@code everything}, also the network service and a shim host. */
    static BerthStack start(ReactorLayout layout, Path dir, boolean everything, Path runc) throws Exception {
        BerthStack stack = new BerthStack(dir);
        try {
            stack.launch(layout, true, everything, everything ? runc : null);
        } catch (Throwable e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    /** The network service alone (for a gateway whose storage is another implementation's, e.g. containerd's). */
    static BerthStack startNetwork(ReactorLayout layout, Path dir) throws Exception {
        BerthStack stack = new BerthStack(dir);
        try {
            stack.launch(layout, false, true, null);
        } catch (Throwable e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    /** With {@code runc} null, no shim host. */
    private void launch(ReactorLayout layout, boolean storage, boolean network, Path runc) throws Exception {
        Files.createDirectories(state);
        Path config = dir.resolve("berth.properties");
        Files.writeString(config, """
                content.address=unix://%s
                snapshotter.address=unix://%s
                network.address=unix://%s
                bridge.name=%s
                bridge.subnet=10.83.0.0/24
                iptables.chain-prefix=%s
                pool.subnet=10.84.0.0/16
                gc.enabled=false
                """.formatted(contentSocket(), snapshotterSocket(), networkSocket(), TEST_BRIDGE, CHAIN_PREFIX));
        if (storage) {
            service(layout, "content-store", "content", config, contentSocket());
            service(layout, "snapshotter", "snapshotter", config, snapshotterSocket());
        }
        if (network) {
            service(layout, "network-service", "network", config, networkSocket());
        }
        if (runc != null) {
            Path shims = Files.createDirectories(dir.resolve("shims"));
            add("shim", ServiceProcess.start("berth-shim", layout.serviceJar("runtime-shim"), List.of(
                    "--socket", shimSocket().toString(), "--state", shims.toString(), "--group", SHIM_GROUP,
                    "--runc", runc.toString(), "--runc-root", runcRoot().toString()), shimSocket(), logFile("shim")));
        }
    }

    private void service(ReactorLayout layout, String module, String name, Path config, Path socket) throws Exception {
        add(name, ServiceProcess.start("berth-" + name, layout.serviceJar(module), List.of(
                "--root", dir.resolve("root").resolve(name).toString(), "--state", state.toString(),
                "--config", config.toString(), "--socket", socket.toString()), socket, logFile(name)));
    }

    private void add(String name, ServiceProcess service) {
        names.add(name);
        services.add(service);
    }

    private Path logFile(String name) {
        return dir.resolve("logs").resolve(name + ".log");
    }

    Path contentSocket() {
        return state.resolve("content.sock");
    }

    Path snapshotterSocket() {
        return state.resolve("snapshotter.sock");
    }

    Path networkSocket() {
        return state.resolve("network.sock");
    }

    Path shimSocket() {
        return state.resolve("shim.sock");
    }

    Path shimsDir() {
        return dir.resolve("shims");
    }

    Path runcRoot() {
        return dir.resolve("runc");
    }

    /** Every service's log, for a failure message. */
    String logs() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < services.size(); i++) {
            out.append("---- ").append(names.get(i)).append(" log\n").append(services.get(i).log()).append('\n');
        }
        return out.toString();
    }

    /** Stops every service, the last started first; leaves the directory (the caller removes it). */
    @Override
    public void close() throws InterruptedException {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        if (names.contains("network")) {
            // the network service keeps its bridge and rules when it stops, as Docker does: a test stack clears them
            dev.berth.common.testing.HostNetworkCleanup.removeLink(TEST_BRIDGE);
            dev.berth.common.testing.HostNetworkCleanup.removeChains(CHAIN_PREFIX);
        }
    }

}
