package dev.berth.gateway.container.runtime;

import dev.berth.api.containerd.snapshots.v1.PrepareSnapshotRequest;
import dev.berth.common.fs.DurableFiles;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.config.ServiceClients;
import dev.berth.gateway.container.Container;
import dev.berth.gateway.container.ContainerConfig;
import dev.berth.gateway.container.CreateContainerRequest;
import dev.berth.gateway.container.HostConfig;
import dev.berth.gateway.image.Image;
import dev.berth.gateway.image.ImageService;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * docker create: everything that can be refused is checked first; then the name is reserved, the
 * root filesystem prepared as a snapshot of the image's top layer and the record written. A
 * failure undoes all of it.
 */
public final class ContainerCreation {
    private static final Logger log = LoggerFactory.getLogger(ContainerCreation.class);
    /** containerd's mark of an object that garbage collection must keep. */
    public static final String GC_ROOT_LABEL = "containerd.io/gc.root";

    private final ServiceClients clients;
    private final ImageService images;
    private final ContainerPaths paths;
    private final ContainerFiles files;
    private final ContainerRegistry registry;
    private final ShimHosts hosts;
    private final NetworkAttacher network;
    private final ContainerEvents events;
    private final ContainerRemoval removal;
    private ContainerVolumes volumes;

    ContainerCreation(ServiceClients clients, ImageService images, ContainerPaths paths, ContainerFiles files,
            ContainerRegistry registry, ShimHosts hosts, NetworkAttacher network, ContainerEvents events,
            ContainerRemoval removal) {
        this.clients = clients;
        this.images = images;
        this.paths = paths;
        this.files = files;
        this.registry = registry;
        this.hosts = hosts;
        this.network = network;
        this.events = events;
        this.removal = removal;
    }

    void volumes(ContainerVolumes containerVolumes) {
        this.volumes = containerVolumes;
    }

    Container create(String name, CreateContainerRequest request) {
        if (request == null || request.config() == null) {
            throw DockerApiException.badRequest("Config cannot be empty in order to create a container");
        }
        ContainerConfig requested = request.config();
        Image image = images.inspect(requested.image() == null ? "" : requested.image());
        NetworkAttacher.Checked networking = network.validate(normalized(request.hostConfig()), request.networkingConfig());
        HostConfig host = networking.host();
        List<String> warnings = HostConfigValidator.validate(host);
        if (InitBinary.wanted(host.init()) && InitBinary.find().isEmpty()) {
            throw DockerApiException.badRequest("--init: no init binary is installed (install Debian's tini)");
        }

        String id = ContainerIds.generate(); // 256 random bits: no collision to check for
        String hostname = host.networkMode().equals("host") ? hostHostname() : id.substring(0, 12);
        ConfigMerger.Merged merged = ConfigMerger.merge(requested, image.config(), hostname);
        // mounts are checked, and volumes made, before the name is taken: a 400 leaves nothing
        dev.berth.gateway.volume.MountPlanner.Plan plan = volumes.plan(merged.config(), host, this::volumesFrom);
        String containerName;
        try {
            containerName = registry.reserveName(id, name);
        } catch (RuntimeException e) {
            volumes.rollBack(id, plan);
            throw e;
        }
        String group = hosts.groupFor(id);

        boolean snapshotPrepared = false;
        try {
            volumes.commit(id, plan);
            Files.createDirectories(paths.containerDir(id));
            clients.snapshots().prepare(PrepareSnapshotRequest.newBuilder()
                    .setSnapshotter(clients.snapshotterName()).setKey(id)
                    .setParent(image.chainId() == null ? "" : image.chainId())
                    // the container record lives here, not in the storage services: the label keeps
                    // its snapshot (and through its parent, the image's layers) from their collection
                    .putLabels(GC_ROOT_LABEL, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                    .build());
            snapshotPrepared = true;
            ContainerRecord record = new ContainerRecord(id, containerName, Instant.now(), image.id(), requested.image(),
                    merged.path(), merged.args(), merged.config(), host, networking.networkingConfig(),
                    ContainerRecord.createdState(), networking.endpoints(), null, 0, false, group);
            files.write(record, null);
            registry.store().save(record);
            registry.add(new ManagedContainer(record));
            log.info("created container {} ({}) from {}", id, containerName, image.id());
            events.container(record, "create", Map.of());
            return registry.toContainer(record).withWarnings(warnings);
        } catch (IOException | RuntimeException e) {
            rollBackCreate(id, snapshotPrepared);
            volumes.rollBack(id, plan);
            hosts.left(group);
            if (e instanceof StatusRuntimeException grpc) {
                throw GrpcErrors.toDocker("failed to prepare the root filesystem of " + id.substring(0, 12), grpc);
            }
            if (e instanceof DockerApiException docker) {
                throw docker;
            }
            throw DockerApiException.serverError("failed to create container: " + e.getMessage(), e);
        }
    }

    private dev.berth.gateway.volume.MountPlanner.Other volumesFrom(String ref) {
        ManagedContainer other = registry.get(ref);
        ContainerRegistry.requirePresent(other, ref);
        return new dev.berth.gateway.volume.MountPlanner.Other(other.id, volumes.of(other.id));
    }

    private void rollBackCreate(String id, boolean snapshotPrepared) {
        if (snapshotPrepared) {
            removal.removeSnapshot(id);
        }
        try {
            DurableFiles.deleteTree(paths.containerDir(id));
        } catch (IOException e) {
            log.warn("could not remove {} after a failed create: {}", paths.containerDir(id), e.getMessage());
        }
        registry.index().release(id);
    }

    private static HostConfig normalized(HostConfig host) {
        if (host == null) {
            return HostConfig.defaults();
        }
        if (host.networkMode() == null || host.networkMode().isEmpty() || host.networkMode().equals("default")) {
            return host.withNetworkMode("bridge");
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
}
