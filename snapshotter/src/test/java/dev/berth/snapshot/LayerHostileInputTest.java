package dev.berth.snapshot;

import static dev.berth.snapshot.DiffServiceTest.TAR;
import static dev.berth.snapshot.DiffServiceTest.TAR_GZIP;
import static dev.berth.snapshot.DiffServiceTest.descriptor;
import static dev.berth.snapshot.SnapshotsServiceTest.assertCode;
import static dev.berth.snapshot.SnapshotsServiceTest.commit;
import static dev.berth.snapshot.SnapshotsServiceTest.prepare;
import static dev.berth.snapshot.tar.RawTar.header;
import static dev.berth.snapshot.tar.RawTar.records;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.containerd.diff.v1.ApplyRequest;
import dev.berth.api.containerd.snapshots.v1.UsageRequest;
import dev.berth.api.containerd.types.Mount;
import dev.berth.snapshot.tar.RawTar;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layers built to break the applier: each fails with a clear status and writes nothing outside its snapshot. */
class LayerHostileInputTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void needsRoot() {
        RootPrerequisites.require();
    }

    @Test
    void namesAndOwnersBeyondTheKernelsLimitsAreInvalid() throws Exception {
        assertRefused(new RawTar().pax('x', records("path", "dir/" + "a".repeat(256))).file("cut", "x").end().bytes(), TAR,
                Status.Code.INVALID_ARGUMENT, "file name too long");
        assertRefused(new RawTar().pax('x', records("path", "d/".repeat(2100) + "f")).file("cut", "x").end().bytes(), TAR,
                Status.Code.INVALID_ARGUMENT, "path too long");
        assertRefused(new RawTar().pax('x', records("linkpath", "/" + "t".repeat(5000)))
                        .node("link", '2', 0777, 0, 0, 0, "cut").end().bytes(), TAR,
                Status.Code.INVALID_ARGUMENT, "link target too long");
        assertRefused(new RawTar().file("file", "x").file("file/under-a-file", "y").end().bytes(), TAR,
                Status.Code.INVALID_ARGUMENT, "not a directory");
        assertRefused(new RawTar().pax('x', records("uid", "4294967296")).file("f", "x").end().bytes(), TAR,
                Status.Code.INVALID_ARGUMENT, "uid 4294967296 of f is out of range");
    }

    @Test
    void brokenStreamsAreInvalid() throws Exception {
        byte[] tar = new RawTar().file("f", 0644, new byte[5000]).file("g", "g").end().bytes();
        assertRefused(Arrays.copyOf(tar, 3000), TAR, Status.Code.INVALID_ARGUMENT, "truncated tar");

        byte[] gzip = TarBuilder.gzip(tar);
        byte[] lyingSize = gzip.clone();
        lyingSize[lyingSize.length - 1] ^= 0x10; // ISIZE, the trailer's uncompressed size
        assertRefused(lyingSize, TAR_GZIP, Status.Code.INVALID_ARGUMENT, "not valid gzip");
        byte[] badCrc = gzip.clone();
        badCrc[badCrc.length - 8] ^= 0x01;
        assertRefused(badCrc, TAR_GZIP, Status.Code.INVALID_ARGUMENT, "not valid gzip");
        assertRefused(Arrays.copyOf(gzip, gzip.length / 2), TAR_GZIP, Status.Code.INVALID_ARGUMENT, "not valid gzip");
        byte[] zstd = TarBuilder.zstd(tar);
        assertRefused(Arrays.copyOf(zstd, zstd.length - 3), TAR + "+zstd", Status.Code.INVALID_ARGUMENT, "zstd");
        assertRefused("garbage, not a tar stream".repeat(30).getBytes(), TAR, Status.Code.INVALID_ARGUMENT, "checksum");
    }

    /**
     * A layer of many empty files works in bounded memory: the reader keeps no per-entry state and
     * the first layer tracks no written paths. 200k entries by default; {@code -Dberth.test.manyFileDirs=1000}
     * makes it a million (measured with -Xmx256m, see the README).
     */
    @Test
    void aLayerOfManyEmptyFilesApplies() throws Exception {
        int dirs = Integer.getInteger("berth.test.manyFileDirs", 200);
        int filesPerDir = 1000;
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        try (OutputStream gz = new GzipCompressorOutputStream(blob)) {
            for (int d = 0; d < dirs; d++) {
                gz.write(header("d" + d + "/", (byte) '5', 0755, 0, 0, 0, 1_600_000_000L, "", 0, 0));
                for (int f = 0; f < filesPerDir; f++) {
                    gz.write(header("d" + d + "/f" + f, (byte) '0', 0644, 0, 0, 0, 1_600_000_000L, "", 0, 0));
                }
            }
            gz.write(new byte[2 * RawTar.BLOCK]);
        }
        try (Stack stack = Stack.start(dir)) {
            List<Mount> mounts = prepare(stack.snapshots(), "many", "", Map.of());
            long start = System.nanoTime();
            stack.diff().apply(ApplyRequest.newBuilder().setDiff(descriptor(stack, TAR_GZIP, blob.toByteArray()))
                    .addAllMounts(mounts).build());
            long millis = (System.nanoTime() - start) / 1_000_000;
            commit(stack.snapshots(), "many-layer", "many", Map.of());
            long inodes = stack.snapshots().usage(UsageRequest.newBuilder().setKey("many-layer").build()).getInodes();
            assertEquals(1 + dirs + (long) dirs * filesPerDir, inodes);
            System.out.printf("applied %d empty files in %d ms%n", dirs * filesPerDir, millis);
            long entries = dirs + (long) dirs * filesPerDir;
            // ~50 us an entry on an idle 2-CPU VM; the bound leaves room for a loaded CI machine
            assertTrue(millis < entries * 2, "took " + millis + " ms for " + entries + " entries");
        }
    }

    /** Applies {@code blob} to a fresh snapshot and checks the status, and that nothing appeared outside it. */
    private void assertRefused(byte[] blob, String mediaType, Status.Code code, String message) throws Exception {
        Path sandbox = Files.createTempDirectory(dir, "case-");
        try (Stack stack = Stack.start(sandbox)) {
            prepare(stack.snapshots(), "base", "", Map.of());
            commit(stack.snapshots(), "base-layer", "base", Map.of());
            Set<String> before = listing(sandbox);
            for (String parent : List.of("", "base-layer")) { // a bind mount, then an overlay upper dir
                List<Mount> mounts = prepare(stack.snapshots(), "target-" + parent, parent, Map.of());
                StatusRuntimeException e = assertCode(code, () -> stack.diff().apply(ApplyRequest.newBuilder()
                        .setDiff(descriptor(stack, mediaType, blob)).addAllMounts(mounts).build()));
                assertTrue(e.getStatus().getDescription().contains(message), e.getStatus().getDescription());
            }
            Set<String> after = listing(sandbox);
            after.removeIf(p -> p.matches("root/snapshots/[23](/.*)?"));
            assertEquals(before, after, "nothing written outside the target snapshots");
        }
    }

    private static Set<String> listing(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.map(p -> root.relativize(p).toString())
                    .filter(p -> !p.startsWith("root/meta") && !p.startsWith("content") && !p.startsWith("server"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
