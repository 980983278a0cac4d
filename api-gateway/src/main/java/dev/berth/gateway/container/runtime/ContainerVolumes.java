package dev.berth.gateway.container.runtime;

import dev.berth.api.runtime.v1.VolumeSeed;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.ContainerConfig;
import dev.berth.gateway.container.HostConfig;
import dev.berth.gateway.volume.ContainerMounts;
import dev.berth.gateway.volume.MountPlanner;
import dev.berth.gateway.volume.MountPoint;
import dev.berth.gateway.volume.Volumes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The container runtime's side of volumes: the mounts planned at create and kept with the
 * container, their OCI mounts (deepest last, as Docker sorts them), the seeds the shim fills
 * empty volumes with, the local-driver mounts around each run, and the references dropped at
 * removal (anonymous volumes removed with rm -v and --rm).
 */
final class ContainerVolumes {
    private final Volumes volumes;
    private final ContainerMounts mounts;
    private final MountPlanner planner;

    ContainerVolumes(Volumes volumes, ContainerMounts mounts) {
        this.volumes = volumes;
        this.mounts = mounts;
        this.planner = new MountPlanner(volumes);
    }

    Volumes volumes() {
        return volumes;
    }

    List<MountPoint> of(String id) {
        return mounts.read(id);
    }

    /** Resolves the create's mounts (volumes made as needed); nothing is referenced until {@link #commit}. */
    MountPlanner.Plan plan(ContainerConfig merged, HostConfig host, MountPlanner.Containers others) {
        Set<String> configVolumes = merged.volumes() == null ? Set.of() : merged.volumes().keySet();
        Set<String> tmpfs = host.tmpfs() == null ? Set.of() : host.tmpfs().keySet();
        return planner.plan(host.binds(), host.mounts(), host.volumesFrom(), configVolumes, tmpfs, others);
    }

    /** Writes the plan beside the (not yet written) record and references its volumes. */
    void commit(String id, MountPlanner.Plan plan) throws IOException {
        mounts.write(id, plan.mounts());
        volumes.reference(id, plan.mounts());
    }

    /** Undoes a create: references dropped, the volumes it made removed. */
    void rollBack(String id, MountPlanner.Plan plan) {
        if (plan != null) {
            volumes.release(id, plan.mounts(), false);
            planner.discard(plan.createdVolumes());
        }
    }

    void removed(String id, boolean removeAnonymous) {
        volumes.release(id, mounts.read(id), removeAnonymous);
    }

    /**
     * At the gateway's start: containers recorded running hold their volumes' local-driver
     * mounts (made by the previous gateway), so the last of them to stop unmounts them.
     */
    void adoptRunning(RecordStore store) {
        try {
            for (ContainerRecord record : store.loadAll(new ArrayList<>())) {
                if (record.running()) {
                    volumes.adopt(record.id(), mounts.read(record.id()));
                }
            }
        } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(ContainerVolumes.class).warn("could not adopt the volume mounts of running containers: {}",
                    e.getMessage());
        }
    }

    void starting(String id) {
        volumes.mountFor(id, mounts.read(id));
    }

    void stopped(String id) {
        volumes.unmountFor(id, mounts.read(id));
    }

    /**
     * The spec's mounts with the container's own: the system mounts first, then --tmpfs's and the
     * planned ones together, parents before children (Docker sorts them as one list, so a volume
     * at /a and a tmpfs at /a/b both show).
     */
    List<OciSpec.Mount> withContainerMounts(List<OciSpec.Mount> built, HostConfig host, String id) throws IOException {
        Set<String> tmpfs = host == null || host.tmpfs() == null ? Set.of() : host.tmpfs().keySet();
        List<OciSpec.Mount> system = new ArrayList<>();
        List<OciSpec.Mount> own = new ArrayList<>();
        for (OciSpec.Mount mount : built) {
            (tmpfs.contains(mount.destination()) && mount.type().equals("tmpfs") ? own : system).add(mount);
        }
        own.addAll(ociMounts(id));
        own.sort(Comparator.comparingInt(m -> depth(m.destination()))); // stable: equal depths keep their order
        system.addAll(own);
        return system;
    }

    /** The planned OCI mounts; a missing bind source of -v is created, as Docker does. */
    List<OciSpec.Mount> ociMounts(String id) throws IOException {
        List<MountPoint> list = new ArrayList<>(mounts.read(id));
        List<OciSpec.Mount> oci = new ArrayList<>();
        for (MountPoint m : list) {
            switch (m.type()) {
                case MountPoint.TMPFS -> {
                    List<String> options = new ArrayList<>(List.of("nosuid", "nodev", "noexec"));
                    options.addAll(m.tmpfsOptions());
                    if (!m.rw()) {
                        options.add("ro");
                    }
                    oci.add(new OciSpec.Mount(m.destination(), "tmpfs", "tmpfs", options));
                }
                default -> {
                    Path source = Path.of(m.source());
                    if (MountPoint.BIND.equals(m.type()) && !Files.exists(source)) {
                        Files.createDirectories(source);
                    }
                    if (m.isVolume() && !Files.isDirectory(source)) {
                        throw DockerApiException.serverError("volume " + m.name() + " has no data directory " + source, null);
                    }
                    List<String> options = new ArrayList<>(List.of("rbind"));
                    options.add(m.propagation().isEmpty() ? "rprivate" : m.propagation());
                    options.add(m.rw() ? "rw" : "ro");
                    oci.add(new OciSpec.Mount(m.destination(), "bind", m.source(), options));
                }
            }
        }
        return oci;
    }

    /** Volumes to fill from the image before the first run (not nocopy). */
    List<VolumeSeed> seeds(String id) {
        List<VolumeSeed> seeds = new ArrayList<>();
        for (MountPoint m : mounts.read(id)) {
            if (m.isVolume() && !m.noCopy()) {
                seeds.add(VolumeSeed.newBuilder().setSource(m.source()).setDestination(m.destination()).build());
            }
        }
        return seeds;
    }

    private static int depth(String path) {
        return (int) path.chars().filter(c -> c == '/').count();
    }
}
