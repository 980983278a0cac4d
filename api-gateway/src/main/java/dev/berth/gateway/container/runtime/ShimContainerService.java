package dev.berth.gateway.container.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.runtime.v1.StatsResponse;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.config.GatewaySettings;
import dev.berth.gateway.config.ServiceClients;
import dev.berth.gateway.container.AttachOptions;
import dev.berth.gateway.container.Attachment;
import dev.berth.gateway.container.Container;
import dev.berth.gateway.container.ContainerService;
import dev.berth.gateway.container.CreateContainerRequest;
import dev.berth.gateway.container.ExecConfig;
import dev.berth.gateway.container.ExecState;
import dev.berth.gateway.container.FileChange;
import dev.berth.gateway.container.OutputSink;
import dev.berth.gateway.container.PathStat;
import dev.berth.gateway.container.ProcessList;
import dev.berth.gateway.container.WaitCondition;
import dev.berth.gateway.container.WaitResult;
import dev.berth.gateway.events.EventBus;
import dev.berth.gateway.image.ImageService;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Containers run by shims in shim hosts, following Docker's daemon semantics. This class
 * answers queries; the rest is delegated by concern: creation, runs and signals
 * ({@link ContainerLifecycle}), removal, execs, the filesystem, processes, restart policies and
 * recovery at start.
 */
public final class ShimContainerService implements ContainerService, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShimContainerService.class);

    private final ServiceClients clients;
    private final ImageService images;
    private final ContainerPaths paths;
    private final ContainerFiles files;
    private final ContainerRegistry registry;
    private final ShimHosts hosts;
    private final ContainerTasks tasks;
    private final NetworkAttacher network;
    private final ContainerEvents events;
    private final ContainerLifecycle lifecycle;
    private final ContainerPausing pausing;
    private final ContainerRemoval removal;
    private final ContainerRecovery recovery;
    private final ContainerNetworks networks;
    private final RestartSupervisor restarts;
    private final ContainerExecs execs;
    private final ContainerFilesystem filesystem;
    private final ContainerProcesses processes;
    private final ContainerCreation creation;
    private final ContainerVolumes volumes;

    public ShimContainerService(GatewaySettings settings, ServiceClients clients, ImageService images) {
        this(settings, clients, images, new EventBus());
    }

    public ShimContainerService(GatewaySettings settings, ServiceClients clients, ImageService images, EventBus bus) {
        this.clients = clients;
        this.images = images;
        this.paths = ContainerPaths.of(settings);
        this.files = new ContainerFiles(paths);
        this.registry = new ContainerRegistry(paths, new RecordStore(paths));
        this.hosts = new ShimHosts(settings);
        this.tasks = new ContainerTasks(clients, paths, hosts);
        this.network = new NetworkAttacher(clients, new dev.berth.gateway.network.NetworkEvents(bus));
        this.events = new ContainerEvents(bus);
        var containerMounts = new dev.berth.gateway.volume.ContainerMounts(paths.containersRoot(), RecordStore.RECORD_FILE);
        var engineVolumes = new dev.berth.gateway.volume.Volumes(settings.root().resolve("volumes"), bus);
        engineVolumes.load(containerMounts); // records, and the references of the containers that exist
        this.volumes = new ContainerVolumes(engineVolumes, containerMounts);
        tasks.volumes(volumes);
        this.lifecycle = new ContainerLifecycle(registry, tasks, network, files, events,
                new HealthMonitor(tasks, events));
        lifecycle.volumes(volumes);
        this.removal = new ContainerRemoval(registry, tasks, lifecycle, network, clients, paths, hosts, events);
        removal.volumes(volumes);
        this.recovery = new ContainerRecovery(registry, tasks, lifecycle, removal, paths, hosts);
        this.restarts = new RestartSupervisor(registry, lifecycle, removal);
        lifecycle.onExit(restarts);
        this.execs = new ContainerExecs(registry, tasks, events);
        this.pausing = new ContainerPausing(registry, tasks, events);
        this.filesystem = new ContainerFilesystem(registry, tasks, clients, images);
        this.processes = new ContainerProcesses(registry, tasks);
        this.creation = new ContainerCreation(clients, images, paths, files, registry, hosts, network, events, removal);
        creation.volumes(volumes);
        this.networks = new ContainerNetworks(registry, network, clients);
        paths.checkSocketPathLength();
    }

    // ---------------------------------------------------------------- create

    @Override
    public Container create(String name, CreateContainerRequest request) {
        hosts.warmUp(); // the shared host exits when idle: have it up by the time the container starts
        return creation.create(name, request);
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void start(String ref) {
        lifecycle.start(ref);
    }

    @Override
    public void kill(String ref, String signal) {
        lifecycle.kill(ref, signal);
    }

    @Override
    public void stop(String ref, Integer timeoutSeconds) {
        if (timeoutSeconds != null && timeoutSeconds < -1) {
            throw DockerApiException.badRequest("invalid value for t: " + timeoutSeconds + ": timeout must be -1 or more");
        }
        lifecycle.stop(ref, timeoutSeconds);
    }

    @Override
    public void restart(String ref, Integer timeoutSeconds) {
        lifecycle.restart(ref, timeoutSeconds);
    }

    @Override
    public void pause(String ref) {
        pausing.pause(ref);
    }

    @Override
    public void unpause(String ref) {
        pausing.unpause(ref);
    }

    @Override
    public void remove(String ref, boolean force, boolean removeVolumes) {
        removal.remove(ref, force, removeVolumes);
    }

    /** The engine's volumes (the /volumes API), whose references these containers hold. */
    public dev.berth.gateway.volume.Volumes volumes() {
        return volumes.volumes();
    }

    /** The container's resolved mounts, for inspect's Mounts. */
    @Override
    public List<dev.berth.gateway.volume.MountPoint> mounts(String ref) {
        return volumes.of(registry.get(ref).id);
    }

    @Override
    public List<String> prune(Map<String, List<String>> filters) {
        ContainerFilters matcher = new ContainerFilters(filters, this::imageIdOf, ref -> registry.get(ref).record().created())
                .mounts(volumes::of);
        List<String> removed = new ArrayList<>();
        for (ManagedContainer container : List.copyOf(registry.all())) {
            ContainerRecord record = container.record();
            if (container.removed || record.running() || "restarting".equals(record.state().status())
                    || !matcher.matches(record)) {
                continue;
            }
            try {
                removal.removeStopped(container);
                removed.add(container.id);
            } catch (DockerApiException e) {
                log.warn("prune could not remove {}: {}", container.id, e.getMessage());
            }
        }
        return removed;
    }

    @Override
    public void rename(String ref, String newName) {
        ManagedContainer container = registry.get(ref);
        String name = ContainerNames.validate(newName);
        container.lock.lock();
        try {
            String old = container.record().name();
            if (old.equals(name)) {
                throw DockerApiException.badRequest("Renaming a container with the same name as its current name");
            }
            registry.index().reserve(container.id, name); // 409 in Docker's words when taken
            try {
                registry.persist(container, container.record().withName(name));
            } catch (RuntimeException e) {
                registry.index().reserve(container.id, old);
                throw e;
            }
            if (container.record().running()) {
                network.rename(container.id, name); // its names in the DNS of its networks
            }
            events.container(container.record(), "rename", Map.of("oldName", "/" + old));
        } finally {
            container.lock.unlock();
        }
    }

    @Override
    public void connect(String ref, String networkName, List<String> aliases, String ipv4Address) {
        networks.connect(ref, networkName, aliases, ipv4Address);
    }

    @Override
    public void disconnect(String ref, String networkName, boolean force) {
        networks.disconnect(ref, networkName, force);
    }

    @Override
    public List<String> update(String ref, JsonNode body) {
        ManagedContainer container = registry.get(ref);
        return ContainerUpdate.apply(container, body, registry, tasks);
    }

    // ---------------------------------------------------------------- attach and wait

    @Override
    public Attachment attach(String ref, AttachOptions options, OutputSink sink) {
        ManagedContainer container = registry.get(ref);
        container.lock.lock();
        try {
            ContainerRegistry.requirePresent(container, ref);
            // As moby: an attach to a stopped container stays open and carries the next run's
            // output (docker start -a of an exited container attaches first, then starts).
            TaskClient task = tasks.ensureCreated(container);
            return ShimAttachment.open(task, "", options, container.record().config().openStdin(), sink);
        } finally {
            container.lock.unlock();
        }
    }

    @Override
    public CompletableFuture<WaitResult> waitFor(String ref, WaitCondition condition) {
        ManagedContainer container = registry.get(ref);
        container.lock.lock();
        try {
            ContainerRecord record = container.record();
            if ((condition == WaitCondition.NOT_RUNNING && !record.running() && !"restarting".equals(record.state().status()))
                    || container.removed) {
                return CompletableFuture.completedFuture(new WaitResult(record.state().exitCode(),
                        record.state().error() == null || record.state().error().isEmpty() ? null : record.state().error()));
            }
            return container.waiters.add(condition);
        } finally {
            container.lock.unlock();
        }
    }

    @Override
    public void resize(String ref, int height, int width) {
        processes.resize(ref, height, width);
    }

    // ---------------------------------------------------------------- execs

    @Override
    public String execCreate(String ref, ExecConfig config) {
        return execs.create(ref, config);
    }

    @Override
    public Attachment execStart(String execId, OutputSink sink) {
        return execs.start(execId, sink);
    }

    @Override
    public boolean execTty(String execId) {
        return execs.tty(execId);
    }

    @Override
    public void execResize(String execId, int height, int width) {
        execs.resize(execId, height, width);
    }

    @Override
    public ExecState execInspect(String execId) {
        return execs.inspect(execId);
    }

    // ---------------------------------------------------------------- processes and filesystem

    @Override
    public ProcessList top(String ref, String psArgs) {
        return processes.top(ref, psArgs);
    }

    @Override
    public StatsResponse stats(String ref) {
        return processes.stats(ref);
    }

    @Override
    public List<FileChange> changes(String ref) {
        return filesystem.changes(ref);
    }

    @Override
    public List<String> copyMounts(String ref, String path) {
        ManagedContainer container = registry.get(ref);
        List<dev.berth.gateway.volume.MountPoint> mounts = userMounts(container);
        return MountedPaths.throughMounts(mounts, path, container.record().running())
                ? mounts.stream().map(dev.berth.gateway.volume.MountPoint::destination).toList() : List.of();
    }

    /** Its volumes, binds and tmpfs mounts (--tmpfs is not among inspect's Mounts, a mount all the same). */
    private List<dev.berth.gateway.volume.MountPoint> userMounts(ManagedContainer container) {
        List<dev.berth.gateway.volume.MountPoint> mounts = new ArrayList<>(volumes.of(container.id));
        var host = container.record().hostConfig();
        if (host != null && host.tmpfs() != null) {
            host.tmpfs().forEach((target, options) -> mounts.add(new dev.berth.gateway.volume.MountPoint(
                    dev.berth.gateway.volume.MountPoint.TMPFS, "", "", target, "", "", true, "", false, null)));
        }
        return mounts;
    }

    @Override
    public PathStat statPath(String ref, String path, List<String> throughMounts) {
        return filesystem.statPath(ref, path, throughMounts);
    }

    @Override
    public InputStream archive(String ref, String path, List<String> throughMounts) {
        return filesystem.archive(ref, path, throughMounts);
    }

    @Override
    public void extract(String ref, String path, InputStream tar, boolean noOverwriteDirNonDir, List<String> throughMounts) {
        filesystem.extract(ref, path, tar, noOverwriteDirNonDir, throughMounts);
    }

    @Override
    public InputStream export(String ref) {
        return filesystem.archive(ref, "/", List.of()); // export: the container's own filesystem, volumes left out as Docker's
    }

    // ---------------------------------------------------------------- queries

    @Override
    public List<Container> list(boolean all, Map<String, List<String>> filters) {
        ContainerFilters matcher = new ContainerFilters(filters, this::imageIdOf, ref -> registry.get(ref).record().created())
                .mounts(volumes::of);
        boolean showStopped = all || matcher.impliesAll();
        return registry.all().stream()
                .filter(c -> !c.removed)
                .map(ManagedContainer::record)
                .filter(r -> showStopped || r.running())
                .filter(matcher::matches)
                .sorted(Comparator.comparing(ContainerRecord::created).reversed())
                .map(registry::toContainer)
                .toList();
    }

    private Optional<String> imageIdOf(String reference) {
        try {
            return Optional.of(images.inspect(reference).id());
        } catch (DockerApiException | IllegalArgumentException e) { // missing, or no valid reference
            return Optional.empty();
        }
    }

    @Override
    public Container inspect(String ref) {
        return registry.toContainer(registry.get(ref).record());
    }

    @Override
    public Path logPath(String ref) {
        return paths.logFile(registry.get(ref).id);
    }

    // ---------------------------------------------------------------- start and stop of the gateway

    /** Loads the records and reconciles them with their shims; call once before serving. */
    public void recover() {
        hosts.warmUp();
        volumes.adoptRunning(registry.store()); // before recovery records exits that happened meanwhile
        List<ManagedContainer> recovered = recovery.recover();
        networks.sweepSandboxes(); // before any restart policy starts a container again
        for (ManagedContainer container : recovered) {
            restarts.resume(container);
        }
    }

    /** Stops watching and disconnects; containers and their shim hosts keep running. */
    @Override
    public void close() {
        restarts.close();
        lifecycle.health().close();
        lifecycle.monitor().close();
        hosts.close();
        for (ManagedContainer container : registry.all()) {
            container.waiters.failAll(new DockerApiException(503, "the gateway is shutting down"));
        }
    }
}
