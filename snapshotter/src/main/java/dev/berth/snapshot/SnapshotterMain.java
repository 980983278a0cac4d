package dev.berth.snapshot;

import dev.berth.common.service.HostedService;
import dev.berth.common.service.ServiceLauncher;
import dev.berth.common.service.ServiceOptions;
import dev.berth.snapshot.apply.LayerApplier;
import dev.berth.snapshot.content.ContentBlobs;
import dev.berth.snapshot.content.SnapshotLeases;
import dev.berth.snapshot.diff.LayerDiffer;
import dev.berth.snapshot.diff.ScratchSpace;
import dev.berth.snapshot.overlay.OverlaySnapshotter;
import dev.berth.snapshot.service.DiffService;
import dev.berth.snapshot.service.SnapshotsService;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** berth-snapshotter: the overlayfs snapshotter and layer applier (containerd snapshots.v1 and diff.v1). */
@Command(name = "berth-snapshotter", mixinStandardHelpOptions = true,
        description = "Serves containerd.services.snapshots.v1.Snapshots (overlayfs) and containerd.services.diff.v1.Diff.")
public final class SnapshotterMain implements Callable<Integer> {
    static final String SERVICE = "snapshotter";

    @Mixin
    ServiceOptions options;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SnapshotterMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ServiceLauncher.serve(SERVICE, new Hosted(), options);
        return 0;
    }

    /** The snapshotter as a service a process hosts (alone here, or in berth-services). */
    public static final class Hosted implements HostedService {
        @Override
        public String name() {
            return SERVICE;
        }

        @Override
        public Opened open(ServiceOptions options) throws Exception {
            OverlaySnapshotter snapshotter = OverlaySnapshotter.open(options.root(SERVICE));
            LayerDiffer differ = new LayerDiffer(ScratchSpace.open(options.root(SERVICE)));
            ContentBlobs content = new ContentBlobs(options.peerAddress("content"));
            String name = options.setting("snapshotter.name", SnapshotsService.DEFAULT_NAME);
            // off when a containerd in front forwards its own leases, which Berth's content store does not know
            boolean recordLeases = Boolean.parseBoolean(options.setting("snapshotter.leases", "true"));
            SnapshotsService snapshots = new SnapshotsService(snapshotter, name, recordLeases ? new SnapshotLeases(content) : null);
            return new Opened(List.of(snapshots, new DiffService(content, new LayerApplier(), differ)), content, snapshotter);
        }
    }
}
