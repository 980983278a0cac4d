package dev.berth.gateway.volume;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.gateway.api.DockerApiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A container's mounts, resolved at create as moby's registerMountPoints and
 * createContainerOSSpecificSettings do: --volumes-from first, then Binds and Mounts (a
 * destination twice among those is Docker's "Duplicate mount point"), then an anonymous volume
 * for every Config.Volumes path (the image's VOLUME, `-v /path`) nothing else covers. Volumes
 * named and not yet existing are created here (Docker's create on first use); what was created
 * is reported so that a failed create can remove it.
 */
public final class MountPlanner {
    /** Another container's id and mounts, for --volumes-from; throws 404 for an unknown one. */
    public interface Containers {
        Other find(String ref);
    }

    public record Other(String id, List<MountPoint> mounts) {}

    /** The mounts, and the volumes this plan created (to be removed if the create fails). */
    public record Plan(List<MountPoint> mounts, List<String> createdVolumes) {}

    private final Volumes volumes;

    public MountPlanner(Volumes volumes) {
        this.volumes = volumes;
    }

    /**
     * Checks and resolves. {@code configVolumes} are Config.Volumes' paths (the image's merged in);
     * {@code tmpfs} HostConfig.Tmpfs's paths, which an anonymous volume does not cover either.
     */
    public Plan plan(List<String> binds, List<JsonNode> mounts, List<String> volumesFrom, Set<String> configVolumes,
            Set<String> tmpfs, Containers containers) {
        // parsed and checked before anything is created
        List<MountSpecs.Spec> bindSpecs = (binds == null ? List.<String>of() : binds).stream().map(MountSpecs::bind).toList();
        List<MountSpecs.Spec> mountSpecs = (mounts == null ? List.<JsonNode>of() : mounts).stream().map(MountSpecs::mount).toList();
        Map<String, MountPoint> result = new LinkedHashMap<>();
        for (String from : volumesFrom == null ? List.<String>of() : volumesFrom) {
            volumesFrom(from, containers, result);
        }
        Set<String> explicit = new java.util.HashSet<>();
        for (MountSpecs.Spec spec : bindSpecs) {
            if (!explicit.add(spec.target())) {
                throw duplicate(spec.target());
            }
        }
        for (MountSpecs.Spec spec : mountSpecs) {
            if (!explicit.add(spec.target())) {
                throw duplicate(spec.target());
            }
            if (spec.type().equals(MountPoint.BIND) && !Files.exists(Path.of(spec.source()))) {
                throw DockerApiException.badRequest("invalid mount config for type \"bind\": bind source path does not exist: "
                        + spec.source());
            }
        }
        List<String> created = new ArrayList<>();
        try {
            for (MountSpecs.Spec spec : bindSpecs) {
                result.put(spec.target(), resolve(spec, false, created));
            }
            for (MountSpecs.Spec spec : mountSpecs) {
                result.put(spec.target(), resolve(spec, true, created));
            }
            for (String path : configVolumes == null ? Set.<String>of() : configVolumes) {
                String target = MountSpecs.clean(path);
                if (!path.startsWith("/")) {
                    throw DockerApiException.badRequest("invalid volume specification: '" + path
                            + "': invalid mount config for type \"volume\": invalid mount path: '" + path
                            + "' mount path must be absolute");
                }
                if (result.containsKey(target) || (tmpfs != null && tmpfs.contains(target))) {
                    continue;
                }
                VolumeRecord volume = volumes.create(VolumeNames.generate(), LocalDriver.NAME, Map.of(),
                        Map.of(VolumeRecord.ANONYMOUS_LABEL, ""));
                created.add(volume.name());
                result.put(target, MountPoint.volume(volume.name(), volumes.mountpoint(volume.name()).toString(), target,
                        "", true, false));
            }
        } catch (RuntimeException e) {
            discard(created);
            throw e;
        }
        return new Plan(List.copyOf(result.values()), created);
    }

    /** Removes volumes a failed create made. */
    public void discard(List<String> created) {
        for (String name : created) {
            try {
                volumes.remove(name, true);
            } catch (DockerApiException e) {
                // in use by another container meanwhile: it stays
            }
        }
    }

    private MountPoint resolve(MountSpecs.Spec spec, boolean fromMounts, List<String> created) {
        return switch (spec.type()) {
            case MountPoint.BIND -> MountPoint.bind(spec.source(), spec.target(), fromMounts ? "" : spec.mode(),
                    !spec.readOnly(), spec.propagation());
            case MountPoint.TMPFS -> MountPoint.tmpfs(spec.target(), !spec.readOnly(), spec.tmpfsOptions());
            default -> {
                boolean anonymous = spec.source().isEmpty();
                String name = anonymous ? VolumeNames.generate() : spec.source();
                boolean existed = !anonymous && volumes.list().stream().anyMatch(v -> v.name().equals(name));
                Map<String, String> labels = new LinkedHashMap<>(spec.volumeLabels());
                if (anonymous) {
                    labels.put(VolumeRecord.ANONYMOUS_LABEL, "");
                }
                VolumeRecord volume = volumes.forMount(name, spec.driverOptions(), labels, spec.volumeDriver());
                if (!existed) {
                    created.add(volume.name());
                }
                // -v name:/path shows Mode "z" in Docker's inspect when no mode was given
                String mode = fromMounts ? "" : spec.mode().isEmpty() ? "z" : spec.mode();
                yield MountPoint.volume(volume.name(), volumes.mountpoint(volume.name()).toString(), spec.target(), mode,
                        !spec.readOnly(), spec.noCopy());
            }
        };
    }

    /** moby's --volumes-from: "id-or-name[:ro|rw]"; the other's volumes and binds, tmpfs left out. */
    private static void volumesFrom(String raw, Containers containers, Map<String, MountPoint> result) {
        String[] parts = raw.split(":", -1);
        if (parts.length > 2 || parts[0].isEmpty()) {
            throw DockerApiException.badRequest("invalid volumes-from spec: " + raw); // moby's wording
        }
        String mode = parts.length == 2 ? parts[1] : "";
        if (!mode.isEmpty() && !mode.equals("ro") && !mode.equals("rw")) {
            throw DockerApiException.badRequest("invalid mode for volumes-from: " + mode);
        }
        Other other = containers.find(parts[0]);
        for (MountPoint mount : other.mounts()) {
            if (mount.type().equals(MountPoint.TMPFS)) {
                continue;
            }
            MountPoint copy = mode.isEmpty() ? mount : mount.withRw(mode.equals("rw"), mode);
            result.put(mount.destination(), copy);
        }
    }

    private static DockerApiException duplicate(String target) {
        return DockerApiException.badRequest("Duplicate mount point: " + target);
    }

    /** For callers that keep a function rather than an implementation. */
    public static Containers of(Function<String, Other> lookup) {
        return lookup::apply;
    }
}
