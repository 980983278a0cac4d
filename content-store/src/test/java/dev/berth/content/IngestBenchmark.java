package dev.berth.content;

import com.google.protobuf.ByteString;
import dev.berth.api.containerd.content.v1.ContentGrpc;
import dev.berth.api.containerd.content.v1.WriteAction;
import dev.berth.api.containerd.content.v1.WriteContentRequest;
import dev.berth.api.containerd.content.v1.WriteContentResponse;
import dev.berth.common.grpc.GrpcChannels;
import dev.berth.common.grpc.GrpcServer;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: {@code bench/ingest-bench.sh} runs it. Ingests one file through the Write API of a
 * content store on a unix socket, as a client would (1 MiB messages, pipelined under gRPC flow
 * control, then COMMIT with the expected digest), and prints the seconds from the first message
 * to the commit's answer.
 *
 * <p>Arguments: the file, the store's root directory, [message size in KiB, default 1024].
 */
public final class IngestBenchmark {
    private IngestBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]);
        Path root = Path.of(args[1]);
        int chunk = (args.length > 2 ? Integer.parseInt(args[2]) : 1024) * 1024;
        String expected = sha256(source);
        long size = Files.size(source);
        try (ContentStore store = ContentStore.open(root);
                GrpcServer server = GrpcServer.start(root.resolve("bench.sock"), store.services())) {
            ManagedChannel channel = GrpcChannels.dial(server.socket(), "default");
            try {
                long began = System.nanoTime();
                String committed = ingest(channel, source, size, expected, chunk);
                double seconds = (System.nanoTime() - began) / 1e9;
                if (!committed.equals(expected)) {
                    throw new IllegalStateException("committed " + committed + ", expected " + expected);
                }
                System.out.printf("%.3f%n", seconds);
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Sends the file whenever the transport is ready, never waiting for the per-message answers. */
    private static String ingest(ManagedChannel channel, Path source, long size, String expected, int chunk) throws Exception {
        CompletableFuture<String> done = new CompletableFuture<>();
        Object ready = new Object();
        ClientResponseObserver<WriteContentRequest, WriteContentResponse> responses = new ClientResponseObserver<>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<WriteContentRequest> requests) {
                requests.setOnReadyHandler(() -> {
                    synchronized (ready) {
                        ready.notifyAll();
                    }
                });
            }

            @Override
            public void onNext(WriteContentResponse response) {
                if (response.getAction() == WriteAction.COMMIT) {
                    done.complete(response.getDigest());
                }
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }

            @Override
            public void onCompleted() {
                done.completeExceptionally(new IllegalStateException("stream ended without a commit"));
            }
        };
        ClientCallStreamObserver<WriteContentRequest> requests =
                (ClientCallStreamObserver<WriteContentRequest>) ContentGrpc.newStub(channel).write(responses);
        String ref = "bench-" + System.nanoTime();
        requests.onNext(WriteContentRequest.newBuilder().setAction(WriteAction.STAT).setRef(ref).setTotal(size)
                .setExpected(expected).build());
        long offset = 0;
        try (InputStream in = Files.newInputStream(source)) {
            byte[] buffer = new byte[chunk];
            for (int n; (n = in.readNBytes(buffer, 0, chunk)) > 0; ) {
                synchronized (ready) {
                    while (!requests.isReady() && !done.isDone()) {
                        ready.wait(10);
                    }
                }
                requests.onNext(WriteContentRequest.newBuilder().setAction(WriteAction.WRITE).setRef(ref).setOffset(offset)
                        .setData(ByteString.copyFrom(buffer, 0, n)).build());
                offset += n;
            }
        }
        requests.onNext(WriteContentRequest.newBuilder().setAction(WriteAction.COMMIT).setRef(ref).setOffset(offset)
                .setTotal(size).setExpected(expected).build());
        String digest = done.get(10, TimeUnit.MINUTES);
        requests.onCompleted();
        return digest;
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest sha256 = Digest.newHasher();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
            }
        }
        return Digest.of(sha256).toString();
    }
}
