package dev.berth.shim.host;

import dev.berth.api.runtime.v1.CreateTaskRequest;
import dev.berth.common.fs.DurableFiles;
import dev.berth.shim.HostArguments;
import dev.berth.shim.runc.Runc;
import dev.berth.shim.task.Container;
import dev.berth.shim.task.ContainerRecord;
import dev.berth.shim.task.ContainerRegistry;
import dev.berth.shim.task.ContainerSetup;
import dev.berth.shim.task.Errors;
import dev.berth.shim.task.Services;
import dev.berth.shim.task.StateStore;
import dev.berth.shim.task.TaskService;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shim host: one process serving the shims of the containers of its group. At start it takes
 * back every container whose state.json names its group; it serves the Task API on its own
 * socket and on each container's endpoint. With --exit-when-idle it exits once nothing runs,
 * no call is open and the idle grace (--idle-grace) has passed; without, it stays up.
 */
public final class ShimHost implements ContainerRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ShimHost.class);
    public static final String HOSTS_DIR = "hosts";
    private static final long IDLE_CHECK_MILLIS = 200;
    private static final long LOCK_WAIT_MILLIS = 10_000;

    private final HostArguments args;
    private final EventLoop loop = new EventLoop();
    private final ChildProcesses children = new ChildProcesses(loop);
    private final Services services;
    private final Endpoints endpoints;
    private final ConcurrentHashMap<String, Container> containers = new ConcurrentHashMap<>();
    private final Set<String> creating = new HashSet<>();
    private final Path pidFile;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private FileChannel lockChannel;
    private long idleSince;

    public ShimHost(HostArguments args) {
        this.args = args;
        this.services = new Services(loop, children, new Runc(args.runc(), args.runcRoot(), loop, children), args.state(), args.group());
        this.endpoints = new Endpoints(new TaskService(this));
        this.pidFile = args.state().resolve(HOSTS_DIR).resolve(args.group() + ".pid");
    }

    public void start() throws IOException, InterruptedException {
        Files.createDirectories(pidFile.getParent());
        lock();
        DurableFiles.replace(pidFile, (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8));
        loop.start();
        children.startScanning();
        load();
        endpoints.serve(args.socket(), true);
        if (args.exitWhenIdle()) {
            loop.every(IDLE_CHECK_MILLIS, this::checkIdle);
        }
        LOG.info("berth-shim host {} serving {} container(s) on {}", args.group(), containers.size(), args.socket());
    }

    /** One host per group: a host that is still exiting holds the lock for a moment. */
    private void lock() throws IOException, InterruptedException {
        Path lockFile = pidFile.resolveSibling(args.group() + ".lock");
        lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        long deadline = System.nanoTime() + LOCK_WAIT_MILLIS * 1_000_000;
        while (true) {
            FileLock lock = lockChannel.tryLock();
            if (lock != null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("another shim host serves group " + args.group() + " (" + lockFile + " is locked)");
            }
            Thread.sleep(50);
        }
    }

    /** Takes back the containers of this group a previous host served. */
    private void load() throws IOException {
        if (!Files.isDirectory(args.state())) {
            return;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(args.state(), Files::isDirectory)) {
            for (Path dir : dirs) {
                if (dir.getFileName().toString().equals(HOSTS_DIR)) {
                    continue;
                }
                try {
                    Optional<ContainerRecord> record = StateStore.loadState(dir);
                    if (record.isEmpty() || !args.group().equals(record.get().group)
                            || !dir.getFileName().toString().equals(record.get().id)) {
                        continue;
                    }
                    Container container = ContainerSetup.restore(services, dir, record.get());
                    containers.put(container.id(), container);
                    if (container.socket() != null) {
                        endpoints.serve(Path.of(container.socket()), false);
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.error("cannot take back the container in {}", dir, e);
                }
            }
        }
    }

    @Override
    public Container get(String id) {
        Container container = containers.get(id);
        if (container == null || container.deleted()) {
            throw Errors.containerNotFound(id);
        }
        return container;
    }

    @Override
    public Container create(CreateTaskRequest request) throws IOException {
        String id = request.getId();
        synchronized (creating) {
            if (containers.containsKey(id) || creating.contains(id)) {
                throw Errors.alreadyExists("container " + id + " already exists");
            }
            creating.add(id);
        }
        try {
            Container container = ContainerSetup.create(services, request);
            containers.put(id, container);
            if (container.socket() != null) {
                endpoints.serve(Path.of(container.socket()), false);
            }
            return container;
        } finally {
            synchronized (creating) {
                creating.remove(id);
            }
        }
    }

    @Override
    public void deleted(Container container) {
        containers.remove(container.id(), container);
        if (container.socket() != null) {
            endpoints.stop(Path.of(container.socket()));
        }
    }

    @Override
    public Services services() {
        return services;
    }

    /** On the loop: idle is no running process, no open call, nothing being created, for the grace period. */
    private void checkIdle() {
        boolean idle = endpoints.openCalls() == 0 && isQuiet();
        long now = System.nanoTime() / 1_000_000;
        if (!idle) {
            idleSince = 0;
            return;
        }
        if (idleSince == 0) {
            idleSince = now;
        } else if (now - idleSince >= args.idleGraceMillis() && !stopping.get()) {
            Thread.ofVirtual().start(this::exitIdle);
            idleSince = 0;
        }
    }

    private boolean isQuiet() {
        synchronized (creating) {
            if (!creating.isEmpty()) {
                return false;
            }
        }
        for (Container container : containers.values()) {
            if (container.isActive()) {
                return false;
            }
        }
        return true;
    }

    /** Stops taking calls; if nothing started meanwhile, exits; else serves again. */
    private void exitIdle() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        var sockets = endpoints.sockets();
        endpoints.stopAll(5000); // a call that slipped in before the sockets went away may finish
        if (endpoints.openCalls() == 0 && isQuiet()) {
            LOG.info("berth-shim host {} is idle; exiting", args.group());
            shutdown();
            Runtime.getRuntime().halt(0);
        }
        LOG.info("berth-shim host {} got work while stopping; serving again", args.group());
        for (Path socket : sockets) {
            try {
                endpoints.serve(socket, socket.equals(args.socket()));
            } catch (IOException e) {
                LOG.error("cannot serve {} again", socket, e);
            }
        }
        stopping.set(false);
    }

    /** SIGTERM or idle: stop serving, remove the sockets and the pid file; containers keep running. */
    public void shutdown() {
        endpoints.enterTerminalState();
        endpoints.stopAll(1000);
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a stale pid file names a dead process, which the gateway checks
        }
        try {
            if (lockChannel != null) {
                if (containers.isEmpty() && creating.isEmpty()) {
                    // a host left with no container (its last one removed) leaves no lock file behind;
                    // deleted while still held, so no other host of the group can be holding it
                    Files.deleteIfExists(pidFile.resolveSibling(args.group() + ".lock"));
                }
                lockChannel.close();
            }
        } catch (IOException ignored) {
            // released with the process
        }
    }
}
