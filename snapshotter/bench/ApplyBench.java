import com.google.protobuf.ByteString;
import dev.berth.api.containerd.content.v1.ContentGrpc;
import dev.berth.api.containerd.content.v1.ReadContentRequest;
import dev.berth.api.containerd.content.v1.ReadContentResponse;
import dev.berth.api.containerd.diff.v1.ApplyRequest;
import dev.berth.api.containerd.diff.v1.DiffGrpc;
import dev.berth.api.containerd.snapshots.v1.CommitSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.PrepareSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.SnapshotsGrpc;
import dev.berth.api.containerd.types.Descriptor;
import dev.berth.api.containerd.types.Mount;
import dev.berth.common.grpc.GrpcChannels;
import dev.berth.common.grpc.GrpcServer;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Apply of one layer blob by a real berth-snapshotter (Prepare + Apply + Commit, as containerd's
 * unpacker does), its content served from the blob file by a minimal Content.Read in this process.
 *
 *   java -cp <snapshotter jar>:<lib>/* ApplyBench.java <layer.tar.gz> <work dir> [runs]
 */
public class ApplyBench {
    public static void main(String[] args) throws Exception {
        Path blob = Path.of(args[0]);
        Path work = Path.of(args[1]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String digest = "sha256:" + HexFormat.of().formatHex(sha256(blob));
        long size = Files.size(blob);

        GrpcServer content = GrpcServer.start(work.resolve("content.sock"), List.of(new FileContent(blob)));
        Path config = Files.writeString(work.resolve("snapshotter.properties"),
                "content.address=unix://" + work.resolve("content.sock") + "\n");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process snapshotter = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.berth.snapshot.SnapshotterMain",
                "--root", work.resolve("root").toString(), "--state", work.resolve("run").toString(),
                "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("snapshotter.log").toFile()).start();
        try {
            Path socket = work.resolve("run/snapshotter.sock");
            for (int i = 0; i < 600 && !Files.exists(socket); i++) {
                Thread.sleep(50);
            }
            ManagedChannel channel = GrpcChannels.dial(socket, "bench");
            SnapshotsGrpc.SnapshotsBlockingStub snapshots = SnapshotsGrpc.newBlockingStub(channel).withWaitForReady();
            DiffGrpc.DiffBlockingStub diff = DiffGrpc.newBlockingStub(channel).withWaitForReady();
            Descriptor layer = Descriptor.newBuilder().setMediaType("application/vnd.oci.image.layer.v1.tar+gzip")
                    .setDigest(digest).setSize(size).build();
            List<Double> seconds = new ArrayList<>();
            List<Double> cpu = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                new ProcessBuilder("sync").inheritIO().start().waitFor();
                long cpuStart = cpuNanos(snapshotter);
                long start = System.nanoTime();
                List<Mount> mounts = snapshots.prepare(PrepareSnapshotRequest.newBuilder()
                        .setKey("extract-" + run).build()).getMountsList();
                diff.apply(ApplyRequest.newBuilder().setDiff(layer).addAllMounts(mounts).build());
                snapshots.commit(CommitSnapshotRequest.newBuilder().setName("layer-" + run).setKey("extract-" + run).build());
                double s = (System.nanoTime() - start) / 1e9;
                double c = (cpuNanos(snapshotter) - cpuStart) / 1e9;
                seconds.add(s);
                cpu.add(c);
                System.out.printf("berth run %d: %.2f s (cpu %.2f s)%n", run + 1, s, c);
            }
            seconds.sort(null);
            cpu.sort(null);
            System.out.printf("berth median: %.2f s (cpu %.2f s)%n", seconds.get(seconds.size() / 2), cpu.get(cpu.size() / 2));
            channel.shutdownNow();
        } finally {
            snapshotter.destroy();
            snapshotter.waitFor(30, TimeUnit.SECONDS);
            content.close();
        }
    }

    /** The process's user + system CPU time so far. */
    private static long cpuNanos(Process process) {
        return process.toHandle().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    private static byte[] sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        }
        return md.digest();
    }

    /** Content.Read of the one blob, in 1 MiB chunks. */
    static final class FileContent extends ContentGrpc.ContentImplBase {
        private final Path blob;

        FileContent(Path blob) {
            this.blob = blob;
        }

        @Override
        public void read(ReadContentRequest request, StreamObserver<ReadContentResponse> observer) {
            try (InputStream in = Files.newInputStream(blob)) {
                byte[] buffer = new byte[1 << 20];
                long offset = 0;
                for (int n; (n = in.readNBytes(buffer, 0, buffer.length)) > 0; offset += n) {
                    observer.onNext(ReadContentResponse.newBuilder().setOffset(offset)
                            .setData(ByteString.copyFrom(buffer, 0, n)).build());
                }
                observer.onCompleted();
            } catch (Exception e) {
                observer.onError(e);
            }
        }
    }
}
