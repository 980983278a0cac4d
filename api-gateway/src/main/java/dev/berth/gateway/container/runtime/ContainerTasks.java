package dev.berth.gateway.container.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.containerd.snapshots.v1.MountsRequest;
import dev.berth.api.containerd.types.Mount;
import dev.berth.api.runtime.v1.CreateTaskRequest;
import dev.berth.common.fs.DurableFiles;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.config.ServiceClients;
import dev.berth.gateway.container.ContainerConfig;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Gives a container's shim host what it needs to run the container: the OCI bundle
 * (config.json, rewritten before every start) and the Create call with the rootfs mounts from
 * the snapshotter. A host that restarted keeps the containers it was given (their state
 * directories), so Create is made once per container, again only when the host says it does
 * not know the container.
 */
final class ContainerTasks {
    private static final long SNAPSHOT_CALL_SECONDS = 30;

    private final ServiceClients clients;
    private final ContainerPaths paths;
    private final ShimHosts hosts;
    private final long nofileHardLimit = HostLimits.nofileHardLimit();
    private final ObjectMapper specJson = RecordStore.mapper();
    private ContainerVolumes volumes;

    ContainerTasks(ServiceClients clients, ContainerPaths paths, ShimHosts hosts) {
        this.clients = clients;
        this.paths = paths;
        this.hosts = hosts;
    }

    void volumes(ContainerVolumes containerVolumes) {
        this.volumes = containerVolumes;
    }

    /** The container's shim client (its group chosen at create). */
    TaskClient client(ManagedContainer container) {
        TaskClient task = container.task;
        if (task == null) {
            String group = container.record().shimGroup();
            task = new TaskClient(hosts, group == null || group.isEmpty() ? ShimHosts.SHARED : group, container.id);
            container.task = task;
        }
        return task;
    }

    /** The container's shim, with the container created in its host. Call with the container's lock held. */
    TaskClient ensureCreated(ManagedContainer container) {
        TaskClient task = client(container);
        if (container.taskCreated) {
            return task;
        }
        try {
            task.state("");
            container.taskCreated = true;
            return task;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                throw GrpcErrors.toDocker("the shim of container " + container.id + " is not answering", e);
            }
        }
        ContainerRecord record = container.record();
        writeSpec(record);
        ContainerConfig config = record.config();
        try {
            task.create(CreateTaskRequest.newBuilder()
                    .setBundle(paths.bundleDir(record.id()).toString())
                    .addAllRootfs(rootfsMounts(record.id()))
                    .setOpenStdin(config.openStdin())
                    .setStdinOnce(config.stdinOnce())
                    .setTerminal(config.tty())
                    .setLogPath(paths.logFile(record.id()).toString())
                    .setSocket(paths.shimSocket(record.id()).toString())
                    .setUser(config.user() == null ? "" : config.user())
                    .addAllVolumeSeeds(volumes == null ? List.of() : volumes.seeds(record.id())));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
                throw GrpcErrors.toDocker("failed to create the container in its shim", e);
            }
        }
        container.taskCreated = true;
        return task;
    }

    List<Mount> rootfsMounts(String id) {
        try {
            return clients.snapshots().withDeadlineAfter(SNAPSHOT_CALL_SECONDS, TimeUnit.SECONDS).withWaitForReady()
                    .mounts(MountsRequest.newBuilder().setSnapshotter(clients.snapshotterName()).setKey(id).build())
                    .getMountsList();
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.toDocker("failed to get the root filesystem of " + id.substring(0, 12), e);
        }
    }

    /**
     * The container's own OCI process (env, cwd, capabilities, limits) running {@code args}
     * instead of its command: what an exec or a health probe starts from.
     */
    ObjectNode process(ContainerRecord record, List<String> args, boolean terminal) {
        OciSpec spec = OciSpecBuilder.build(new OciSpecBuilder.Input(record, record.netnsPath(), nofileHardLimit, paths));
        ObjectNode process = specJson.valueToTree(spec.process());
        process.put("terminal", terminal);
        ArrayNode argv = process.putArray("args");
        args.forEach(argv::add);
        return process;
    }

    /** Writes the bundle's config.json for the container's current record. */
    void writeSpec(ContainerRecord record) {
        String id = record.id();
        OciSpec built = OciSpecBuilder.build(new OciSpecBuilder.Input(record, record.netnsPath(), nofileHardLimit, paths));
        try {
            OciSpec spec = built;
            if (volumes != null) {
                // binds, volumes and --mount tmpfs, as planned at create (after the system mounts)
                List<OciSpec.Mount> mounts = volumes.withContainerMounts(built.mounts(), record.hostConfig(), id);
                spec = new OciSpec(built.ociVersion(), built.process(), built.root(), built.hostname(), mounts, built.linux());
            }
            Path bundle = paths.bundleDir(id);
            Files.createDirectories(bundle);
            DurableFiles.replaceWithoutSync(bundle.resolve("config.json"),
                    specJson.writerWithDefaultPrettyPrinter().writeValueAsBytes(spec));
        } catch (IOException e) {
            throw DockerApiException.serverError("failed to write the OCI bundle of " + id + ": " + e.getMessage(), e);
        }
    }
}
