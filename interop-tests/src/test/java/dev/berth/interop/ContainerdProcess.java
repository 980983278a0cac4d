package dev.berth.interop;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real containerd with its own root, state and sockets in a temporary directory. Either
 * ({@link #start}) configured (config.toml version 2) to use Berth's snapshotter as the proxy plugin
 * {@value #SNAPSHOTTER} and Berth's content store as the proxy plugin {@value #CONTENT} in place of
 * its own content store; or ({@link #startWithOwnStores}) with its default plugins, its own content
 * store and overlayfs snapshotter, as a backend for Berth's gateway.
 *
 * <p>containerd 1.6 registers a content proxy as a plugin of type {@code io.containerd.content.v1}
 * with the entry's name as its id, so the entry cannot be called {@code content} (the id of its
 * built-in store: "plugin: id already registered", a panic at start-up); and its metadata plugin
 * takes whichever content plugin it meets first, so the built-in
 * {@code io.containerd.content.v1.content} is disabled. The CRI plugin is disabled too: it is not
 * needed and would try to set up networking. Garbage collection runs after every deletion.
 */
final class ContainerdProcess implements AutoCloseable {
    static final String SNAPSHOTTER = "berth";
    static final String CONTENT = "berth-content";
    static final String NAMESPACE = "berth-interop";
    /** Where containerd 1.6 and its runc shim keep FIFOs, shim sockets and runc state, whatever its config says. */
    private static final Path FIXED_STATE = Path.of("/run/containerd");

    private final Path dir;
    private final Path ctr;
    private final String namespace;
    private final Process process;
    private final boolean fixedStateExisted;

    private ContainerdProcess(Path dir, Path ctr, String namespace, Process process, boolean fixedStateExisted) {
        this.dir = dir;
        this.ctr = ctr;
        this.namespace = namespace;
        this.process = process;
        this.fixedStateExisted = fixedStateExisted;
    }

    /** containerd over Berth's snapshotter and content store (proxy plugins); {@code ctr} works in {@value #NAMESPACE}. */
    static ContainerdProcess start(Path containerd, Path ctr, Path dir, Path berthSnapshotter, Path berthContent)
            throws Exception {
        return launch(containerd, ctr, dir, NAMESPACE, """
                disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.content.v1.content"]
                """, """

                [proxy_plugins]
                  [proxy_plugins.%1$s]
                    type = "snapshot"
                    address = "%2$s"
                  [proxy_plugins."%3$s"]
                    type = "content"
                    address = "%4$s"
                """.formatted(SNAPSHOTTER, berthSnapshotter, CONTENT, berthContent));
    }

    /**
     * containerd with its default plugins (its own content store, metadata and overlayfs
     * snapshotter), only CRI disabled; {@code ctr} works in {@code namespace}.
     */
    static ContainerdProcess startWithOwnStores(Path containerd, Path ctr, Path dir, String namespace) throws Exception {
        return launch(containerd, ctr, dir, namespace, """
                disabled_plugins = ["io.containerd.grpc.v1.cri"]
                """, "");
    }

    private static ContainerdProcess launch(Path containerd, Path ctr, Path dir, String namespace, String disabled,
            String proxies) throws Exception {
        Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(dir.resolve("state"));
        boolean fixedStateExisted = Files.exists(FIXED_STATE);
        Path config = dir.resolve("config.toml");
        Files.writeString(config, """
                version = 2
                root = "%1$s/root"
                state = "%1$s/state"
                %2$s

                [grpc]
                  address = "%1$s/containerd.sock"

                [ttrpc]
                  address = "%1$s/containerd.sock.ttrpc"

                [debug]
                  address = "%1$s/debug.sock"

                # collect garbage right after each deletion, so a removed container's or image's
                # snapshots and blobs leave the snapshotter and content store promptly (the
                # default waits for more mutations)
                [plugins."io.containerd.gc.v1.scheduler"]
                  deletion_threshold = 1
                  schedule_delay = "0ms"
                %3$s""".formatted(dir, disabled.strip(), proxies));
        Process process = new ProcessBuilder(containerd.toString(), "--config", config.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("containerd.log").toFile())
                .start();
        ContainerdProcess started = new ContainerdProcess(dir, ctr, namespace, process, fixedStateExisted);
        try {
            started.awaitServing();
        } catch (Throwable e) {
            started.close();
            throw e;
        }
        return started;
    }

    Path root() {
        return dir.resolve("root");
    }

    Path socket() {
        return dir.resolve("containerd.sock");
    }

    String log() {
        try {
            return Files.readString(dir.resolve("containerd.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    String namespace() {
        return namespace;
    }

    /** {@code ctr -a <socket> -n <namespace> <arguments>}. */
    CommandResult ctr(long timeoutSeconds, String... arguments) {
        List<String> command = new ArrayList<>(List.of(ctr.toString(), "-a", socket().toString(), "-n", namespace));
        command.addAll(List.of(arguments));
        return Commands.run(command, timeoutSeconds);
    }

    private void awaitServing() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("containerd exited with " + process.exitValue() + ":\n" + log());
            }
            if (Files.exists(socket()) && ctr(10, "version").exitCode() == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("containerd did not serve on " + socket() + " within 30 s:\n" + log());
            }
            Thread.sleep(100);
        }
    }

    /**
     * Removes what the tests may have left in the namespace (tasks, containers), stops containerd
     * by its pid (SIGTERM, SIGKILL after 20 s), then ends any runc v2 shim it started (found by the
     * containerd address on the shim's command line), by pid.
     */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            for (String task : names(ctr(20, "tasks", "ls", "-q"))) {
                ctr(30, "tasks", "kill", "-s", "SIGKILL", task);
                ctr(30, "tasks", "delete", "-f", task);
            }
            for (String container : names(ctr(20, "containers", "ls", "-q"))) {
                ctr(30, "containers", "delete", container);
            }
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        for (ProcessHandle shim : shims()) {
            shim.destroyForcibly();
            shim.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> shim).join();
        }
        removeFixedState();
    }

    /**
     * The namespace's (empty) runc state directory under /run/containerd; and, when this test made
     * /run/containerd, its empty directories too. Nothing that is not empty is removed.
     */
    private void removeFixedState() {
        List<Path> candidates = new ArrayList<>(List.of(FIXED_STATE.resolve("runc").resolve(namespace)));
        if (!fixedStateExisted) {
            candidates.addAll(List.of(FIXED_STATE.resolve("runc"), FIXED_STATE.resolve("fifo"), FIXED_STATE.resolve("s"),
                    FIXED_STATE));
        }
        for (Path empty : candidates) {
            try {
                Files.deleteIfExists(empty);
            } catch (IOException e) {
                // not empty: another containerd's, left alone
            }
        }
    }

    /** The containerd-shim processes serving this containerd (their -address is its socket). */
    List<ProcessHandle> shims() {
        String address = socket().toString();
        return ProcessHandle.allProcesses().filter(p -> {
            List<String> args = commandLine(p.pid());
            return !args.isEmpty() && args.getFirst().contains("containerd-shim") && args.contains(address);
        }).toList();
    }

    private static List<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return raw.length == 0 ? List.of() : List.of(new String(raw).split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }

    private static List<String> names(CommandResult listing) {
        if (listing.exitCode() != 0) {
            return List.of();
        }
        return listing.output().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
