package dev.berth.snapshot;

import dev.berth.common.testing.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real {@code berth-snapshotter} process on a test directory (common's {@link ServiceProcess}),
 * its content store found through a config file.
 */
final class SnapshotterProcess {
    private SnapshotterProcess() {}

    static ServiceProcess on(Path dir) {
        return new ServiceProcess("snapshotter", SnapshotterMain.class, "containerd.services.snapshots.v1.Snapshots", dir);
    }

    /** The --config arguments that point the snapshotter at {@code contentAddress}. */
    static String[] configArgs(Path dir, String contentAddress) throws IOException {
        Path config = Files.writeString(dir.resolve("snapshotter.properties"), "content.address=" + contentAddress + "\n");
        return new String[] {"--config", config.toString()};
    }
}
