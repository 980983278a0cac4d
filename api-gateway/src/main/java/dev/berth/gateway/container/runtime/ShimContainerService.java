package dev.berth.gateway.container.runtime;

import dev.berth.api.containerd.snapshots.v1.MountsRequest;
import dev.berth.api.containerd.snapshots.v1.PrepareSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.RemoveSnapshotRequest;
import dev.berth.api.containerd.types.Mount;
import dev.berth.api.runtime.v1.StateResponse;
import dev.berth.common.fs.DurableFiles;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.config.GatewaySettings;
import dev.berth.gateway.config.ServiceClients;
import dev.berth.gateway.container.AttachOptions;
import dev.berth.gateway.container.Attachment;
import dev.berth.gateway.container.Container;
import dev.berth.gateway.container.ContainerConfig;
import dev.berth.gateway.container.ContainerService;
import dev.berth.gateway.container.ContainerState;
import dev.berth.gateway.container.CreateContainerRequest;
import dev.berth.gateway.container.HostConfig;
import dev.berth.gateway.container.OutputSink;
import dev.berth.gateway.container.WaitCondition;
import dev.berth.gateway.container.WaitResult;
import dev.berth.gateway.image.Image;
import dev.berth.gateway.image.ImageService;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Containers run by one berth-shim each, following Docker's daemon semantics. The records live
 * in {@code <root>/containers/<id>/}; the shim, started at the first attach or start, owns the
 * process and outlives the gateway, which reconnects to it at {@link #recover()}.
 */
public final class ShimContainerService implements ContainerService, AutoCloseable {
    static final String SNAPSHOTTER = "overlayfs";
    private static final Logger log = LoggerFactory.getLogger(ShimContainerService.class);
    private static final long KILL_WAIT_SECONDS = 10;
    private static final int DEFAULT_STOP_TIMEOUT = 10;

    private final GatewaySettings settings;
    private final ServiceClients clients;
    private final ImageService images;
    private final ContainerPaths paths;
    private final RecordStore store;
    private final ContainerFiles files;
    private final ContainerIndex index = new ContainerIndex();
    private final Map<String, ManagedContainer> containers = new ConcurrentHashMap<>();
    private final ShimLauncher launcher;
    private final NetworkAttacher network;
    private final RuntimeLeftovers leftovers;
    private final ExitMonitor monitor;
    private final SpareShims spares;
    private final long nofileHardLimit = HostLimits.nofileHardLimit();
    private final com.fasterxml.jackson.databind.ObjectMapper specJson = RecordStore.mapper();
    private volatile boolean closed;

    public ShimContainerService(GatewaySettings settings, ServiceClients clients, ImageService images) {
        this.settings = settings;
        this.clients = clients;
        this.images = images;
        this.paths = ContainerPaths.of(settings);
        this.store = new RecordStore(paths);
        this.files = new ContainerFiles(paths);
        this.launcher = new ShimLauncher(settings, paths);
        this.network = new NetworkAttacher(clients);
        this.leftovers = new RuntimeLeftovers(settings, paths);
        this.monitor = new ExitMonitor(this::onExit);
        this.spares = new SpareShims(settings.shimSpares(), launcher, leftovers, paths);
        paths.checkSocketPathLength();
    }

    // ---------------------------------------------------------------- create

    @Override
    public Container create(String name, CreateContainerRequest request) {
        if (request == null || request.config() == null) {
            throw DockerApiException.badRequest("Config cannot be empty in order to create a container");
        }
        ContainerConfig requested = request.config();
        Image image = images.inspect(requested.image() == null ? "" : requested.image());
        HostConfig host = normalized(request.hostConfig());
        network.validate(host.networkMode());
        if (host.binds() != null) {
            host.binds().forEach(OciSpecBuilder::bindMount); // 400 now rather than at start
        }

        String id = spares.takeId(); // 256 random bits: no collision to check for
        String hostname = host.networkMode().equals("host") ? hostHostname() : id.substring(0, 12);
        ConfigMerger.Merged merged = ConfigMerger.merge(requested, image.config(), hostname);
        String containerName;
        try {
            containerName = reserveName(id, name);
        } catch (RuntimeException e) {
            spares.giveBack(id);
            throw e;
        }

        boolean snapshotPrepared = false;
        try {
            Files.createDirectories(paths.containerDir(id));
            clients.snapshots().prepare(PrepareSnapshotRequest.newBuilder()
                    .setSnapshotter(SNAPSHOTTER).setKey(id).setParent(image.chainId() == null ? "" : image.chainId())
                    .build());
            snapshotPrepared = true;
            ContainerRecord record = new ContainerRecord(id, containerName, Instant.now(), image.id(), requested.image(),
                    merged.path(), merged.args(), merged.config(), host, request.networkingConfig(),
                    ContainerRecord.createdState(), List.of(), null, 0, false);
            files.write(record, null);
            store.save(record);
            containers.put(id, new ManagedContainer(record));
            log.info("created container {} ({}) from {}", id, containerName, image.id());
            return toContainer(record);
        } catch (IOException | RuntimeException e) {
            rollBackCreate(id, snapshotPrepared);
            spares.giveBack(id);
            if (e instanceof StatusRuntimeException grpc) {
                throw GrpcErrors.toDocker("failed to prepare the root filesystem of " + id.substring(0, 12), grpc);
            }
            if (e instanceof DockerApiException docker) {
                throw docker;
            }
            throw DockerApiException.serverError("failed to create container: " + e.getMessage(), e);
        }
    }

    private String reserveName(String id, String requestedName) {
        if (requestedName != null && !requestedName.isEmpty()) {
            String name = ContainerNames.validate(requestedName);
            index.reserve(id, name);
            return name;
        }
        while (true) {
            String name = ContainerNames.generate(index::nameTaken);
            try {
                index.reserve(id, name);
                return name;
            } catch (DockerApiException taken) {
                // another create took it between the check and the reservation: draw again
            }
        }
    }

    private void rollBackCreate(String id, boolean snapshotPrepared) {
        if (snapshotPrepared) {
            removeSnapshot(id);
        }
        try {
            DurableFiles.deleteTree(paths.containerDir(id));
        } catch (IOException e) {
            log.warn("could not remove {} after a failed create: {}", paths.containerDir(id), e.getMessage());
        }
        index.release(id);
    }

    private static HostConfig normalized(HostConfig host) {
        if (host == null) {
            return new HostConfig(null, "bridge", null, null, false, null, null, false, false, false, null);
        }
        if (host.networkMode() == null || host.networkMode().isEmpty()) {
            return new HostConfig(host.binds(), "bridge", host.portBindings(), host.restartPolicy(), host.autoRemove(),
                    host.volumesFrom(), host.tmpfs(), host.privileged(), host.publishAllPorts(), host.readonlyRootfs(),
                    host.init());
        }
        return host;
    }

    private static String hostHostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "localhost";
        }
    }

    // ---------------------------------------------------------------- start

    @Override
    public void start(String ref) {
        ManagedContainer container = get(ref);
        StartFailure failure = null;
        container.lock.lock();
        try {
            requirePresent(container, ref);
            ContainerRecord record = container.record();
            if (record.removing()) {
                throw DockerApiException.conflict("container is marked for removal and cannot be started");
            }
            if (record.running()) {
                throw DockerApiException.notModified();
            }
            try {
                startLocked(container);
            } catch (RuntimeException e) {
                failure = StartFailure.of(e);
                recordStartFailure(container, failure);
            }
        } finally {
            container.lock.unlock();
        }
        if (failure != null) {
            if (container.record().hostConfig().autoRemove()) {
                removeQuietly(container);
            }
            throw failure.error();
        }
    }

    private void startLocked(ManagedContainer container) {
        String id = container.id;
        NetworkAttacher.Attached attached = network.attach(container.record());
        try {
            ContainerRecord record = container.record().withNetwork(attached.endpoints(), attached.netnsPath());
            files.writeHosts(record, attached.endpoints().isEmpty() ? null : attached.endpoints().getFirst().ipAddress());
            persist(container, record);
            ShimConnection shim = ensureShim(container);
            writeSpec(container.record());
            int pid = shim.start();
            long run = ++container.run;
            persist(container, container.record().started(pid, Instant.now()));
            monitor.watch(container, shim, run, paths.exitFile(id));
            log.info("started container {} as pid {}", id, pid);
        } catch (IOException e) {
            network.release(id);
            throw DockerApiException.serverError("failed to start container " + id + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            network.release(id);
            throw e;
        }
    }

    private void recordStartFailure(ManagedContainer container, StartFailure failure) {
        ContainerRecord record = container.record();
        ContainerRecord failed = record.startFailed(failure.exitCode(), failure.error().getMessage())
                .withNetwork(NetworkAttacher.detached(record.networks()), null);
        try {
            persist(container, failed);
        } catch (RuntimeException e) {
            log.error("could not record the failed start of {}", container.id, e);
            container.publish(failed);
        }
    }

    /** The container's shim, connected, launched or relaunched as needed, with the container created in it. */
    private ShimConnection ensureShim(ManagedContainer container) {
        String id = container.id;
        if (container.shim != null && container.shim.healthy(2000)) {
            return container.shim;
        }
        if (container.record().running()) {
            // its exit monitor waits on this shim, and a new shim (or the clean-up before one)
            // would kill the running container: a slow shim fails this call, nothing more
            throw DockerApiException.serverError("the shim of container " + id + " is not answering", null);
        }
        if (container.shim != null) {
            container.shim.close();
            container.shim = null;
        }
        ShimConnection shim = spares.claim(id);
        if (shim == null) {
            Path socket = paths.shimSocket(id);
            if (Files.exists(socket)) {
                ShimConnection existing = ShimConnection.dial(socket, settings.namespace());
                if (existing.healthy(2000)) {
                    try {
                        if (needsCreate(existing)) {
                            createInShim(container, existing);
                        }
                        container.shim = existing;
                        return existing;
                    } catch (RuntimeException e) {
                        existing.close();
                        throw e;
                    }
                }
                existing.close();
            }
            leftovers.clean(id);
        }
        writeSpec(container.record());
        if (shim == null) {
            shim = launcher.launch(id);
        }
        try {
            createInShim(container, shim);
        } catch (RuntimeException e) {
            try {
                shim.delete(); // the shim exits after Delete, so none is left behind
            } catch (StatusRuntimeException ignored) {
                // it never had a container, so Delete cannot end it: the leftovers' clean-up does
            }
            shim.close();
            leftovers.clean(id);
            throw e instanceof StatusRuntimeException grpc
                    ? GrpcErrors.toDocker("failed to create the container in its shim", grpc) : e;
        }
        container.shim = shim;
        return shim;
    }

    private static boolean needsCreate(ShimConnection shim) {
        try {
            shim.state(5000);
            return false;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return true;
            }
            throw e;
        }
    }

    private void createInShim(ManagedContainer container, ShimConnection shim) {
        ContainerRecord record = container.record();
        ContainerConfig config = record.config();
        shim.create(record.id(), paths.bundleDir(record.id()), rootfsMounts(record.id()), config.openStdin(),
                config.stdinOnce(), config.tty(), paths.logFile(record.id()));
    }

    private List<Mount> rootfsMounts(String id) {
        try {
            return clients.snapshots().mounts(MountsRequest.newBuilder().setSnapshotter(SNAPSHOTTER).setKey(id).build())
                    .getMountsList();
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.toDocker("failed to get the root filesystem of " + id.substring(0, 12), e);
        }
    }

    /** Writes the bundle's config.json for the container's current record. */
    private void writeSpec(ContainerRecord record) {
        String id = record.id();
        OciSpec spec = OciSpecBuilder.build(new OciSpecBuilder.Input(record, RootfsLayers.of(rootfsMounts(id)),
                record.netnsPath(), nofileHardLimit, paths));
        try {
            HostConfig host = record.hostConfig();
            if (host.binds() != null) {
                for (String bind : host.binds()) {
                    // Docker creates a missing host directory of a bind mount.
                    Path source = Path.of(OciSpecBuilder.bindMount(bind).source());
                    if (!Files.exists(source)) {
                        Files.createDirectories(source);
                    }
                }
            }
            Path bundle = paths.bundleDir(id);
            Files.createDirectories(bundle);
            DurableFiles.replace(bundle.resolve("config.json"),
                    specJson.writerWithDefaultPrettyPrinter().writeValueAsBytes(spec));
        } catch (IOException e) {
            throw DockerApiException.serverError("failed to write the OCI bundle of " + id + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- exits

    /** The process of run {@code run} exited: record it, release its network, wake waiters, auto-remove. */
    private void onExit(ManagedContainer container, long run, int exitStatus, Instant exitedAt, String error) {
        WaitResult result;
        boolean autoRemove;
        container.lock.lock();
        try {
            ContainerRecord record = container.record();
            if (container.removed || container.run != run || !record.running()) {
                return;
            }
            network.release(container.id);
            ContainerRecord exited = record.exited(exitStatus, exitedAt == null ? Instant.now() : exitedAt, error)
                    .withNetwork(NetworkAttacher.detached(record.networks()), null);
            try {
                persist(container, exited);
            } catch (RuntimeException e) {
                log.error("could not record the exit of {}", container.id, e);
                container.publish(exited);
            }
            log.info("container {} exited with status {}", container.id, exitStatus);
            result = new WaitResult(exitStatus, error == null || error.isEmpty() ? null : error);
            autoRemove = record.hostConfig().autoRemove();
        } finally {
            container.lock.unlock();
        }
        container.waiters.exited(result);
        if (autoRemove && !closed) {
            removeQuietly(container);
        }
    }

    // ---------------------------------------------------------------- attach and wait

    @Override
    public Attachment attach(String ref, AttachOptions options, OutputSink sink) {
        ManagedContainer container = get(ref);
        container.lock.lock();
        try {
            requirePresent(container, ref);
            ContainerRecord record = container.record();
            // As moby: an attach to a stopped container stays open and carries the next run's
            // output (docker start -a of an exited container attaches first, then starts).
            ShimConnection shim = ensureShim(container);
            return ShimAttachment.open(shim, options, record.config().openStdin(), sink);
        } finally {
            container.lock.unlock();
        }
    }

    @Override
    public CompletableFuture<WaitResult> waitFor(String ref, WaitCondition condition) {
        ManagedContainer container = get(ref);
        container.lock.lock();
        try {
            ContainerRecord record = container.record();
            if (condition == WaitCondition.NOT_RUNNING && !record.running()) {
                return CompletableFuture.completedFuture(resultOf(record));
            }
            if (container.removed) {
                return CompletableFuture.completedFuture(resultOf(record));
            }
            return container.waiters.add(condition);
        } finally {
            container.lock.unlock();
        }
    }

    private static WaitResult resultOf(ContainerRecord record) {
        String error = record.state().error();
        return new WaitResult(record.state().exitCode(), error == null || error.isEmpty() ? null : error);
    }

    // ---------------------------------------------------------------- signals

    @Override
    public void kill(String ref, String signal) {
        ManagedContainer container = get(ref);
        int number = Signals.parse(signal, Signals.SIGKILL);
        CompletableFuture<WaitResult> exit;
        ShimConnection shim;
        container.lock.lock();
        try {
            requirePresent(container, ref);
            if (!container.record().running() || container.shim == null) {
                throw DockerApiException.conflict("Container " + container.id + " is not running");
            }
            shim = container.shim;
            exit = number == Signals.SIGKILL ? container.waiters.add(WaitCondition.NEXT_EXIT) : null;
        } finally {
            container.lock.unlock();
        }
        try {
            shim.kill(number);
        } catch (StatusRuntimeException e) {
            cancel(exit);
            if (e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION) {
                throw DockerApiException.conflict("Container " + container.id + " is not running");
            }
            throw GrpcErrors.toDocker("failed to kill container " + container.id, e);
        }
        // Like Docker, a SIGKILL returns once the container is stopped.
        if (exit != null && !await(exit, KILL_WAIT_SECONDS)) {
            throw DockerApiException.serverError("container " + container.id + " did not exit within "
                    + KILL_WAIT_SECONDS + "s of SIGKILL", null);
        }
    }

    @Override
    public void stop(String ref, Integer timeoutSeconds) {
        ManagedContainer container = get(ref);
        CompletableFuture<WaitResult> exit;
        ShimConnection shim;
        int signal;
        int timeout;
        container.lock.lock();
        try {
            requirePresent(container, ref);
            ContainerRecord record = container.record();
            if (!record.running() || container.shim == null) {
                throw DockerApiException.notModified();
            }
            signal = Signals.parse(record.config().stopSignal(), Signals.SIGTERM);
            timeout = timeoutSeconds != null ? timeoutSeconds
                    : record.config().stopTimeout() != null ? record.config().stopTimeout() : DEFAULT_STOP_TIMEOUT;
            shim = container.shim;
            exit = container.waiters.add(WaitCondition.NEXT_EXIT);
        } finally {
            container.lock.unlock();
        }
        if (!signal(shim, signal)) {
            cancel(exit);
            return; // it exited meanwhile
        }
        if (timeout < 0 ? awaitForever(exit) : await(exit, timeout)) {
            return;
        }
        log.info("container {} did not stop within {}s of signal {}: killing it", container.id, timeout, signal);
        signal(shim, Signals.SIGKILL);
        if (!await(exit, KILL_WAIT_SECONDS)) {
            throw DockerApiException.serverError("container " + container.id + " did not exit after SIGKILL", null);
        }
    }

    /** Sends a signal; false when the container is no longer running. */
    private static boolean signal(ShimConnection shim, int signal) {
        try {
            shim.kill(signal);
            return true;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION) {
                return false;
            }
            throw GrpcErrors.toDocker("failed to signal the container", e);
        }
    }

    private static boolean await(CompletableFuture<WaitResult> future, long seconds) {
        try {
            future.get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DockerApiException.serverError("interrupted", e);
        } catch (ExecutionException e) {
            throw DockerApiException.serverError("wait failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static boolean awaitForever(CompletableFuture<WaitResult> future) {
        return await(future, Long.MAX_VALUE / 4);
    }

    private static void cancel(CompletableFuture<WaitResult> future) {
        if (future != null) {
            future.cancel(false);
        }
    }

    // ---------------------------------------------------------------- remove

    @Override
    public void remove(String ref, boolean force, boolean removeVolumes) {
        ManagedContainer container = get(ref);
        CompletableFuture<WaitResult> exit = null;
        ShimConnection shim = null;
        container.lock.lock();
        try {
            requirePresent(container, ref);
            ContainerRecord record = container.record();
            if (record.running()) {
                if (!force) {
                    throw DockerApiException.conflict("You cannot remove a running container " + container.id
                            + ". Stop the container before attempting removal or force remove");
                }
                exit = container.waiters.add(WaitCondition.NEXT_EXIT);
                shim = container.shim;
            }
        } finally {
            container.lock.unlock();
        }
        if (exit != null) {
            if (shim != null) {
                signal(shim, Signals.SIGKILL);
            }
            if (!await(exit, KILL_WAIT_SECONDS)) {
                throw DockerApiException.serverError("could not kill running container " + container.id
                        + ", cannot remove", null);
            }
        }
        removeStopped(container);
    }

    private void removeQuietly(ManagedContainer container) {
        try {
            removeStopped(container);
        } catch (RuntimeException e) {
            log.warn("could not auto-remove container {}: {}", container.id, e.getMessage());
        }
    }

    /** Removes a container that is not running; a container already gone is fine (auto-removed meanwhile). */
    private void removeStopped(ManagedContainer container) {
        WaitResult result;
        container.lock.lock();
        try {
            if (container.removed) {
                return;
            }
            ContainerRecord record = container.record();
            if (record.running()) {
                throw DockerApiException.conflict("You cannot remove a running container " + container.id
                        + ". Stop the container before attempting removal or force remove");
            }
            if (!record.removing()) {
                persist(container, record.markedRemoving());
            }
            tearDown(container);
            container.removed = true;
            result = resultOf(record);
        } finally {
            container.lock.unlock();
        }
        containers.remove(container.id, container);
        index.release(container.id);
        container.waiters.removed(result);
        log.info("removed container {}", container.id);
    }

    /** Shim, runtime leftovers, snapshot, network, bundle and shim dir; the record goes last. */
    private void tearDown(ManagedContainer container) {
        String id = container.id;
        ShimConnection shim = container.shim;
        // a container created and removed without an attach or start still holds its spare shim
        ShimConnection spare = spares.claim(id);
        if (spare != null && shim == null) {
            shim = spare;
        } else if (spare != null) {
            spare.close();
        }
        if (shim == null && Files.exists(paths.shimSocket(id))) {
            shim = ShimConnection.dial(paths.shimSocket(id), settings.namespace());
        }
        boolean deletedByShim = false;
        if (shim != null) {
            try {
                shim.delete();
                deletedByShim = true; // the shim unmounted the rootfs, removed runc's record and exits
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.NOT_FOUND && e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                    throw GrpcErrors.toDocker("failed to delete container " + id + " in its shim", e);
                }
            } finally {
                shim.close();
                container.shim = null;
            }
        }
        if (!deletedByShim) {
            leftovers.clean(id);
        }
        if (!removeSnapshot(id)) {
            throw DockerApiException.serverError("failed to remove the root filesystem of container " + id, null);
        }
        network.release(id);
        try {
            Path rootfs = paths.bundleDir(id).resolve("rootfs");
            if (RuntimeLeftovers.mounted(rootfs)) {
                throw new IOException(rootfs + " is still mounted");
            }
            DurableFiles.deleteTree(paths.bundleDir(id));
            DurableFiles.deleteTree(paths.shimDir(id));
            Path dir = paths.containerDir(id);
            try (var entries = Files.list(dir)) {
                for (Path entry : entries.toList()) {
                    if (!entry.getFileName().toString().equals(RecordStore.RECORD_FILE)) {
                        DurableFiles.deleteTree(entry);
                    }
                }
            } catch (java.nio.file.NoSuchFileException e) {
                return;
            }
            DurableFiles.deleteTree(dir);
        } catch (IOException e) {
            throw DockerApiException.serverError("failed to remove the files of container " + id + ": " + e.getMessage(), e);
        }
    }

    /** True when the snapshot is gone (or never was). */
    private boolean removeSnapshot(String id) {
        try {
            clients.snapshots().remove(RemoveSnapshotRequest.newBuilder().setSnapshotter(SNAPSHOTTER).setKey(id).build());
            return true;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return true;
            }
            log.warn("could not remove snapshot {}: {}", id, e.getStatus());
            return false;
        }
    }

    // ---------------------------------------------------------------- queries

    @Override
    public List<Container> list(boolean all, Map<String, List<String>> filters) {
        ContainerFilters matcher = new ContainerFilters(filters, this::imageIdOf, ref -> get(ref).record().created());
        boolean showStopped = all || matcher.impliesAll();
        return containers.values().stream()
                .filter(c -> !c.removed)
                .map(ManagedContainer::record)
                .filter(r -> showStopped || r.running())
                .filter(matcher::matches)
                .sorted(Comparator.comparing(ContainerRecord::created).reversed())
                .map(this::toContainer)
                .toList();
    }

    private Optional<String> imageIdOf(String reference) {
        try {
            return Optional.of(images.inspect(reference).id());
        } catch (DockerApiException e) {
            return Optional.empty();
        }
    }

    @Override
    public Container inspect(String ref) {
        return toContainer(get(ref).record());
    }

    @Override
    public Path logPath(String ref) {
        return paths.logFile(get(ref).id);
    }

    private Container toContainer(ContainerRecord record) {
        ContainerState state = record.state();
        if (record.removing()) {
            state = new ContainerState("removing", state.running(), state.paused(), state.restarting(), state.oomKilled(),
                    state.dead(), state.pid(), state.exitCode(), state.error(), state.startedAt(), state.finishedAt());
        }
        String id = record.id();
        return new Container(id, record.name(), record.created(), record.imageId(), record.imageRef(), record.path(),
                record.args(), record.config(), record.hostConfig(), state, record.networks(), record.restartCount(),
                paths.logFile(id), paths.resolvConfFile(id), paths.hostnameFile(id), paths.hostsFile(id), List.of());
    }

    private ManagedContainer get(String ref) {
        String id = index.resolve(ref);
        ManagedContainer container = containers.get(id);
        if (container == null || container.removed) {
            throw DockerApiException.noSuchContainer(ref);
        }
        return container;
    }

    private static void requirePresent(ManagedContainer container, String ref) {
        if (container.removed) {
            throw DockerApiException.noSuchContainer(ref);
        }
    }

    /** Writes the record, then makes it the container's current one. Call with the container's lock held. */
    private void persist(ManagedContainer container, ContainerRecord record) {
        try {
            store.save(record);
        } catch (IOException e) {
            throw DockerApiException.serverError("failed to save container " + record.id() + ": " + e.getMessage(), e);
        }
        container.publish(record);
    }

    // ---------------------------------------------------------------- recovery

    /**
     * Loads every record and reconciles it with its shim: running containers get their monitor
     * back (they kept running while the gateway was away), exits that happened meanwhile are
     * recorded, half-done removals are finished.
     */
    public void recover() {
        List<String> orphans = new ArrayList<>();
        List<ContainerRecord> records;
        try {
            records = store.loadAll(orphans);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read container records in " + paths.containersRoot() + ": " + e.getMessage(), e);
        }
        for (String orphan : orphans) {
            log.info("removing {}: a create that did not finish", orphan);
            rollBackCreate(orphan, removeSnapshot(orphan));
        }
        for (ContainerRecord record : records) {
            try {
                index.reserve(record.id(), record.name());
                containers.put(record.id(), new ManagedContainer(record));
            } catch (DockerApiException e) {
                log.error("ignoring container {}: {}", record.id(), e.getMessage());
            }
        }
        try (ExecutorService tasks = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> pending = new ArrayList<>();
            for (ManagedContainer container : containers.values()) {
                pending.add(tasks.submit(() -> recover(container)));
            }
            for (Future<?> task : pending) {
                try {
                    task.get();
                } catch (ExecutionException e) {
                    log.error("recovery of a container failed", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        log.info("recovered {} containers", containers.size());
        removeStrayShims();
        spares.fill();
    }

    /** Shims of no container: spares booted by a gateway that was killed before handing them out. */
    private void removeStrayShims() {
        try (var dirs = Files.list(settings.shimsDir())) {
            for (Path dir : dirs.toList()) {
                String id = dir.getFileName().toString();
                if (ContainerIds.isValid(id) && !containers.containsKey(id)) {
                    log.info("removing the shim of no container: {}", id);
                    leftovers.clean(id);
                    DurableFiles.deleteTree(dir);
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // no shim was ever started
        } catch (IOException e) {
            log.warn("could not look for stray shims in {}: {}", settings.shimsDir(), e.getMessage());
        }
    }

    private void recover(ManagedContainer container) {
        ContainerRecord record = container.record();
        if (record.removing()) {
            removeQuietly(container);
            return;
        }
        if (record.running()) {
            reconnect(container);
        } else if (record.hostConfig().autoRemove() && record.state().status().equals("exited")) {
            removeQuietly(container); // it exited while its removal was still to come
        }
    }

    private void reconnect(ManagedContainer container) {
        String id = container.id;
        long run;
        Integer exitStatus = null;
        Instant exitedAt = null;
        String error = null;
        container.lock.lock();
        try {
            run = ++container.run;
            Path socket = paths.shimSocket(id);
            ShimConnection shim = Files.exists(socket) ? ShimConnection.dial(socket, settings.namespace()) : null;
            StateResponse state = null;
            if (shim != null && shim.healthy(2000)) {
                try {
                    state = shim.state(5000);
                } catch (StatusRuntimeException e) {
                    log.warn("shim of {} does not know its container: {}", id, e.getStatus());
                }
            }
            if (state != null && state.getStatus() == dev.berth.api.runtime.v1.Status.RUNNING) {
                container.shim = shim;
                if (state.getPid() != container.record().state().pid()) {
                    persist(container, container.record().started(state.getPid(),
                            Optional.ofNullable(ShimConnection.instant(state.getStartedAt())).orElse(Instant.now())));
                }
                monitor.watch(container, shim, run, paths.exitFile(id));
                log.info("container {} is still running as pid {}", id, state.getPid());
                return;
            }
            if (state != null && state.getStatus() == dev.berth.api.runtime.v1.Status.STOPPED) {
                container.shim = shim;
                exitStatus = state.getExitStatus();
                exitedAt = ShimConnection.instant(state.getExitedAt());
            } else {
                if (shim != null) {
                    shim.close();
                }
                Optional<ExitFile> recorded = ExitFile.read(paths.exitFile(id));
                if (recorded.isPresent()) {
                    exitStatus = recorded.get().exitStatus();
                    exitedAt = recorded.get().exitedAt();
                } else {
                    exitStatus = ExitMonitor.SHIM_GONE_EXIT;
                    error = ExitMonitor.SHIM_GONE;
                }
            }
        } finally {
            container.lock.unlock();
        }
        onExit(container, run, exitStatus, exitedAt, error);
    }

    /** Stops watching and disconnects; containers and their shims keep running. */
    @Override
    public void close() {
        closed = true;
        spares.close();
        monitor.close();
        for (ManagedContainer container : containers.values()) {
            container.lock.lock();
            try {
                if (container.shim != null) {
                    container.shim.close();
                    container.shim = null;
                }
            } finally {
                container.lock.unlock();
            }
            container.waiters.failAll(new DockerApiException(503, "the gateway is shutting down"));
        }
    }
}
