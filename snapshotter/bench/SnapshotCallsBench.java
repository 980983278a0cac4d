import dev.berth.api.containerd.snapshots.v1.CommitSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.MountsRequest;
import dev.berth.api.containerd.snapshots.v1.PrepareSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.RemoveSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.SnapshotsGrpc;
import dev.berth.common.grpc.GrpcChannels;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Prepare + Mounts + Remove of a container snapshot on top of a 10-layer chain, against a running
 * berth-snapshotter: median and 90th percentile per call, in milliseconds.
 *
 *   java -cp <snapshotter jar>:<lib>/* SnapshotCallsBench.java <socket> [iterations]
 */
public class SnapshotCallsBench {
    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[0]);
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        ManagedChannel channel = GrpcChannels.dial(socket, "bench");
        SnapshotsGrpc.SnapshotsBlockingStub snapshots = SnapshotsGrpc.newBlockingStub(channel);
        String parent = "";
        for (int i = 0; i < 10; i++) {
            String key = "extract-" + i;
            snapshots.prepare(PrepareSnapshotRequest.newBuilder().setKey(key).setParent(parent).build());
            snapshots.commit(CommitSnapshotRequest.newBuilder().setName("layer-" + i).setKey(key).build());
            parent = "layer-" + i;
        }
        int warmup = 300;
        long[] prepare = new long[iterations];
        long[] mounts = new long[iterations];
        long[] remove = new long[iterations];
        long[] all = new long[iterations];
        for (int i = -warmup; i < iterations; i++) {
            String key = "container-" + i;
            long t0 = System.nanoTime();
            snapshots.prepare(PrepareSnapshotRequest.newBuilder().setKey(key).setParent(parent).build());
            long t1 = System.nanoTime();
            snapshots.mounts(MountsRequest.newBuilder().setKey(key).build());
            long t2 = System.nanoTime();
            snapshots.remove(RemoveSnapshotRequest.newBuilder().setKey(key).build());
            long t3 = System.nanoTime();
            if (i >= 0) {
                prepare[i] = t1 - t0;
                mounts[i] = t2 - t1;
                remove[i] = t3 - t2;
                all[i] = t3 - t0;
            }
        }
        System.out.printf("on a 10-layer chain, %d iterations after %d warm-up (ms):%n", iterations, warmup);
        report("Prepare", prepare);
        report("Mounts", mounts);
        report("Remove", remove);
        report("Prepare+Mounts+Remove", all);
        channel.shutdownNow();
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("  %-22s median %.3f  p90 %.3f%n", what, sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.9)] / 1e6);
    }
}
