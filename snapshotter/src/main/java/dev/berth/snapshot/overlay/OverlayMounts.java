package dev.berth.snapshot.overlay;

import dev.berth.api.containerd.types.Mount;
import dev.berth.snapshot.meta.SnapshotKind;
import dev.berth.snapshot.meta.SnapshotRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The mounts of a snapshot, a pure function of its metadata, as containerd's overlay snapshotter's mounts(). */
public final class OverlayMounts {
    private OverlayMounts() {}

    public static List<Mount> of(SnapshotRecord snapshot, SnapshotDirs dirs) {
        if (snapshot.kind() == SnapshotKind.COMMITTED) {
            throw new IllegalArgumentException("committed snapshots have no mounts");
        }
        List<Long> parents = snapshot.parentIds();
        if (parents.isEmpty()) {
            // a single layer: overlayfs needs at least one lower dir, so bind mount it
            String access = snapshot.kind() == SnapshotKind.VIEW ? "ro" : "rw";
            return List.of(bind(dirs.fs(snapshot.id()).toString(), access));
        }
        List<String> options = new ArrayList<>();
        options.add("index=off");
        if (snapshot.kind() == SnapshotKind.ACTIVE) {
            options.add("workdir=" + dirs.work(snapshot.id()));
            options.add("upperdir=" + dirs.fs(snapshot.id()));
        } else if (parents.size() == 1) {
            return List.of(bind(dirs.fs(parents.getFirst()).toString(), "ro"));
        }
        options.add("lowerdir=" + parents.stream().map(id -> dirs.fs(id).toString()).collect(Collectors.joining(":")));
        return List.of(Mount.newBuilder().setType("overlay").setSource("overlay").addAllOptions(options).build());
    }

    private static Mount bind(String source, String access) {
        return Mount.newBuilder().setType("bind").setSource(source).addOptions(access).addOptions("rbind").build();
    }
}
