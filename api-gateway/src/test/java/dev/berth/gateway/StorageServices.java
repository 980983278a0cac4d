package dev.berth.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real content store and snapshotter, launched as processes from their built jars in a
 * temporary directory, for the gateway's image tests. Outside CI a missing prerequisite skips
 * the test; with CI=true it fails it.
 */
final class StorageServices implements AutoCloseable {
    /** The reactor's root: Surefire runs each module's tests in that module's directory. */
    static final Path MAIN = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

    final Path dir;
    final Path state;
    private final List<Process> processes = new ArrayList<>();

    private StorageServices(String prefix) throws IOException {
        dir = Files.createTempDirectory(Path.of("/tmp"), prefix);
        state = Files.createDirectories(dir.resolve("st"));
    }

    static StorageServices start(String prefix) throws Exception {
        Path contentJar = MAIN.resolve("content-store/target/berth-content-store-0.1.0-SNAPSHOT.jar");
        Path snapshotterJar = MAIN.resolve("snapshotter/target/berth-snapshotter-0.1.0-SNAPSHOT.jar");
        boolean built = Files.exists(contentJar) && Files.exists(contentJar.resolveSibling("lib"))
                && Files.exists(snapshotterJar) && Files.exists(snapshotterJar.resolveSibling("lib"));
        boolean busybox = Files.isExecutable(Path.of("/usr/bin/busybox"));
        boolean root = "root".equals(System.getProperty("user.name"));
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(built, "content-store and snapshotter jars (with target/lib) are not built");
            assertTrue(busybox, "needs /usr/bin/busybox for the rootfs");
            assertTrue(root, "the snapshotter mounts overlayfs: needs root");
        }
        Assumptions.assumeTrue(built, "content-store and snapshotter jars (with target/lib) are not built");
        Assumptions.assumeTrue(busybox, "needs /usr/bin/busybox for the rootfs");
        Assumptions.assumeTrue(root, "the snapshotter mounts overlayfs: needs root");
        StorageServices services = new StorageServices(prefix);
        try {
            services.launch(contentJar, "dev.berth.content.ContentStoreMain", "content");
            services.launch(snapshotterJar, "dev.berth.snapshot.SnapshotterMain", "snapshotter");
            for (String sock : new String[] {"content.sock", "snapshotter.sock"}) {
                for (int i = 0; i < 300 && !Files.exists(services.state.resolve(sock)); i++) {
                    Thread.sleep(50);
                }
                assertTrue(Files.exists(services.state.resolve(sock)), sock + " did not appear; see " + services.dir);
            }
        } catch (Exception | AssertionError e) {
            services.close();
            throw e;
        }
        return services;
    }

    String address(String service) {
        return "unix://" + state.resolve(service + ".sock");
    }

    private void launch(Path jar, String main, String name) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        // as deploy/berth-stack configures them: the content store collects snapshots through the snapshotter
        Path config = dir.resolve("berth.properties");
        Files.writeString(config, "content.address=" + address("content") + "\nsnapshotter.address=" + address("snapshotter") + "\n");
        processes.add(new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", jar + ":" + jar.resolveSibling("lib") + "/*",
                main, "--root", dir.resolve(name).toString(), "--state", state.toString(), "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile())
                .start());
    }

    /** Stops the services (the snapshotter unmounts on stop) and removes the directory. */
    @Override
    public void close() throws Exception {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
