package dev.berth.content;

import dev.berth.common.testing.ServiceProcess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.berth.api.containerd.content.v1.AbortRequest;
import dev.berth.api.containerd.content.v1.ContentGrpc;
import dev.berth.api.containerd.content.v1.DeleteContentRequest;
import dev.berth.api.containerd.content.v1.ListStatusesRequest;
import dev.berth.api.containerd.content.v1.Status;
import dev.berth.api.containerd.content.v1.WriteAction;
import dev.berth.api.containerd.content.v1.WriteContentRequest;
import dev.berth.api.containerd.leases.v1.AddResourceRequest;
import dev.berth.api.containerd.leases.v1.CreateRequest;
import dev.berth.api.containerd.leases.v1.DeleteRequest;
import dev.berth.api.containerd.leases.v1.LeasesGrpc;
import dev.berth.api.containerd.leases.v1.Resource;
import dev.berth.common.grpc.GrpcChannels;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real berth-content under a random load of writes, commits, deletes and lease operations,
 * SIGKILLed at random moments and restarted, again and again. After every restart: each blob
 * whose commit was acknowledged (and not deleted) reads back with its digest, a blob whose fate
 * the kill left open is either absent or whole, and nothing is left on disk but blobs with a
 * record, resumable ingests and the database.
 */
class CrashSafetyTest {
    private static final int KILLS = 20;
    private static final String[] NAMESPACES = {"default", "crash"};
    /** Acknowledged blobs carry it, so the collections that deletes trigger keep them. */
    private static final Map<String, String> ROOT = Map.of("containerd.io/gc.root", "crash-test");

    @TempDir
    Path dir;

    private final Random random = new Random(20261130);
    /** namespace NUL digest -> bytes, for commits the server acknowledged and no delete touched. */
    private final Map<String, byte[]> acknowledged = new ConcurrentHashMap<>();
    /** Blobs whose commit or delete was cut by a kill: absent or whole. */
    private final Map<String, byte[]> uncertain = new ConcurrentHashMap<>();
    /** Ingest ref -> the bytes it will hold, so a resumed ingest can be completed. */
    private final Map<String, byte[]> ingestData = new ConcurrentHashMap<>();

    @Test
    void acknowledgedCommitsSurviveRepeatedSigkills() throws Exception {
        try (ServiceProcess content = ContentProcess.on(dir)) {
            for (int round = 0; round <= KILLS; round++) {
                ManagedChannel channel = content.start("default");
                List<ManagedChannel> channels = new ArrayList<>(List.of(channel));
                try {
                    for (String namespace : NAMESPACES) {
                        channels.add(GrpcChannels.dial(content.socket(), namespace));
                    }
                    verify(content, channels.subList(1, channels.size()));
                    if (round == KILLS) {
                        break;
                    }
                    runLoadThenKill(content, channels.subList(1, channels.size()), round);
                } finally {
                    for (ManagedChannel c : channels) {
                        c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                    }
                }
            }
        }
        assertTrue(acknowledged.size() > 20, "too few commits were acknowledged to mean anything: " + acknowledged.size());
    }

    private static String key(String namespace, String digest) {
        return namespace + "\0" + digest;
    }

    private void runLoadThenKill(ServiceProcess content, List<ManagedChannel> channels, int round) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            long seed = random.nextLong();
            int worker = w;
            workers.add(Thread.ofPlatform().start(() -> work(channels, new Random(seed), round + "-" + worker, stop)));
        }
        Thread.sleep(100 + random.nextInt(900));
        stop.set(true);
        content.kill();
        for (Thread worker : workers) {
            worker.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    private void work(List<ManagedChannel> channels, Random rnd, String name, AtomicBoolean stop) {
        for (int op = 0; !stop.get(); op++) {
            int n = rnd.nextInt(NAMESPACES.length);
            String namespace = NAMESPACES[n];
            ContentGrpc.ContentBlockingStub blocking = ContentGrpc.newBlockingStub(channels.get(n)).withDeadlineAfter(20, TimeUnit.SECONDS);
            LeasesGrpc.LeasesBlockingStub leases = LeasesGrpc.newBlockingStub(channels.get(n)).withDeadlineAfter(20, TimeUnit.SECONDS);
            int choice = rnd.nextInt(10);
            try {
                if (choice < 5) {
                    commit(channels.get(n), namespace, name + "-" + op, rnd, null);
                } else if (choice < 7) {
                    deleteOne(blocking, namespace, rnd);
                } else {
                    leaseRoundTrip(channels.get(n), leases, namespace, name + "-" + op, rnd);
                }
            } catch (StatusRuntimeException | InterruptedException e) {
                if (!stop.get() && e instanceof StatusRuntimeException s && s.getStatus().getCode() != io.grpc.Status.Code.NOT_FOUND) {
                    throw new AssertionError("unexpected failure while the server ran: " + e, e);
                }
            } catch (AssertionError e) {
                if (!stop.get()) {
                    throw e;
                }
            }
        }
    }

    /** Writes a blob in a few messages (so kills land mid-ingest too) and commits it. */
    private void commit(ManagedChannel channel, String namespace, String ref, Random rnd, String lease) throws InterruptedException {
        byte[] data = new byte[1 + rnd.nextInt(512 << 10)];
        rnd.nextBytes(data);
        String digest = Digest.of(data).toString();
        ingestData.put(ref, data);
        ContentGrpc.ContentStub stub = ContentGrpc.newStub(channel);
        Writer writer = new Writer(lease == null ? stub : StoreFixture.withLease(stub, lease));
        writer.stat(ref);
        int half = data.length / 2;
        writer.write(ref, 0, java.util.Arrays.copyOfRange(data, 0, half));
        String k = key(namespace, digest);
        uncertain.put(k, data);
        writer.send(WriteContentRequest.newBuilder().setAction(WriteAction.COMMIT).setRef(ref).setOffset(half)
                .setData(ByteString.copyFrom(data, half, data.length - half)).setTotal(data.length).setExpected(digest)
                .putAllLabels(lease == null ? ROOT : Map.of()).build());
        if (lease == null) {
            acknowledged.put(k, data);
            uncertain.remove(k);
        }
        ingestData.remove(ref);
        writer.close();
    }

    private void deleteOne(ContentGrpc.ContentBlockingStub content, String namespace, Random rnd) {
        List<String> mine = acknowledged.keySet().stream().filter(k -> k.startsWith(namespace + "\0")).sorted().toList();
        if (mine.isEmpty()) {
            return;
        }
        String k = mine.get(rnd.nextInt(mine.size()));
        byte[] data = acknowledged.remove(k);
        if (data == null) {
            return;
        }
        uncertain.put(k, data);
        content.delete(DeleteContentRequest.newBuilder().setDigest(k.substring(k.indexOf('\0') + 1)).build());
        uncertain.remove(k);
    }

    /** A lease with a blob committed under it and an acknowledged blob added, then deleted (sometimes sync). */
    private void leaseRoundTrip(ManagedChannel channel, LeasesGrpc.LeasesBlockingStub leases, String namespace, String id,
            Random rnd) throws InterruptedException {
        leases.create(CreateRequest.newBuilder().setId(id).build());
        commit(channel, namespace, id + "-leased", rnd, id);
        acknowledged.keySet().stream().filter(k -> k.startsWith(namespace + "\0")).findAny().ifPresent(k ->
                leases.addResource(AddResourceRequest.newBuilder().setId(id).setResource(Resource.newBuilder()
                        .setType("content").setId(k.substring(k.indexOf('\0') + 1))).build()));
        leases.delete(DeleteRequest.newBuilder().setId(id).setSync(rnd.nextInt(4) == 0).build());
    }

    private void verify(ServiceProcess content, List<ManagedChannel> channels) throws Exception {
        for (int n = 0; n < NAMESPACES.length; n++) {
            ContentGrpc.ContentBlockingStub stub = ContentGrpc.newBlockingStub(channels.get(n));
            for (Map.Entry<String, byte[]> blob : Map.copyOf(acknowledged).entrySet()) {
                if (blob.getKey().startsWith(NAMESPACES[n] + "\0")) {
                    String digest = blob.getKey().substring(blob.getKey().indexOf('\0') + 1);
                    byte[] read = TestBlobs.read(stub, digest);
                    assertEquals(digest, Digest.of(read).toString(), "acknowledged blob " + digest + " in " + NAMESPACES[n]);
                }
            }
            for (Map.Entry<String, byte[]> blob : Map.copyOf(uncertain).entrySet()) {
                String digest = blob.getKey().substring(blob.getKey().indexOf('\0') + 1);
                if (blob.getKey().startsWith(NAMESPACES[n] + "\0") && TestBlobs.exists(stub, digest)) {
                    assertArrayEquals(blob.getValue(), TestBlobs.read(stub, digest), "a blob cut short by a kill is torn");
                }
            }
        }
        checkDisk(content, ContentGrpc.newBlockingStub(channels.getFirst()), channels);
    }

    /** Only the database, blob files some namespace has a record of, and complete ingests are left. */
    private void checkDisk(ServiceProcess content, ContentGrpc.ContentBlockingStub stub, List<ManagedChannel> channels)
            throws Exception {
        Path root = content.root();
        try (Stream<Path> entries = Files.list(root)) {
            assertEquals(Set.of("blobs", "ingest", "meta"), entries.map(p -> p.getFileName().toString())
                    .collect(java.util.stream.Collectors.toSet()));
        }
        try (Stream<Path> blobs = Files.list(root.resolve("blobs/sha256"))) {
            for (Path file : blobs.toList()) {
                String digest = "sha256:" + file.getFileName();
                boolean recorded = false;
                for (ManagedChannel channel : channels) {
                    recorded |= TestBlobs.exists(ContentGrpc.newBlockingStub(channel), digest);
                }
                assertTrue(recorded, "blob file without a record: " + file);
            }
        }
        List<Status> statuses = stub.listStatuses(ListStatusesRequest.getDefaultInstance()).getStatusesList();
        try (Stream<Path> ingests = Files.list(root.resolve("ingest"))) {
            List<Path> dirs = ingests.toList();
            assertEquals(statuses.size(), dirs.size(), "ingest entries that are not resumable ingests: " + dirs);
            for (Path ingest : dirs) {
                try (Stream<Path> files = Files.list(ingest)) {
                    assertEquals(Set.of("data", "ref", "meta"), files.map(p -> p.getFileName().toString())
                            .collect(java.util.stream.Collectors.toSet()), "ingest " + ingest);
                }
            }
        }
        // resume half of the ingests the kill left, abort the others, so they neither pile up nor go untested
        for (Status status : statuses) {
            byte[] data = ingestData.remove(status.getRef());
            if (data == null || status.getOffset() > data.length || random.nextBoolean()) {
                stub.abort(AbortRequest.newBuilder().setRef(status.getRef()).build());
                continue;
            }
            Writer writer = new Writer(ContentGrpc.newStub(channels.getFirst()));
            long offset = writer.stat(status.getRef()).getOffset();
            assertArrayEquals(Digest.of(java.util.Arrays.copyOf(data, (int) offset)).toString().getBytes(),
                    writer.stat(status.getRef()).getDigest().getBytes(), "resumed ingest holds other bytes");
            String digest = Digest.of(data).toString();
            try {
                writer.send(WriteContentRequest.newBuilder().setAction(WriteAction.COMMIT).setRef(status.getRef())
                        .setOffset(offset).setData(ByteString.copyFrom(data, (int) offset, data.length - (int) offset))
                        .setTotal(data.length).setExpected(digest).putAllLabels(ROOT).build());
                writer.close();
                acknowledged.put(key(NAMESPACES[0], digest), data);
                uncertain.remove(key(NAMESPACES[0], digest));
            } catch (StatusRuntimeException e) {
                assertEquals(io.grpc.Status.Code.ALREADY_EXISTS, e.getStatus().getCode(), e.toString());
            }
        }
    }
}
