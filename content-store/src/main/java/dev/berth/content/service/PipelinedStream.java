package dev.berth.content.service;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Handles the messages of a client stream on a worker, in order, while gRPC already receives the
 * next ones: up to {@link #DEPTH} messages are requested ahead, one more each time one is handled.
 * Without it, gRPC asks for the next message only after the handler returns, so receiving a Write
 * chunk and writing and hashing the previous one never overlap (a 1 MiB flow-control window makes
 * that stop-and-wait). Bounded, so a slow disk slows the client instead of filling memory.
 */
final class PipelinedStream<T> implements StreamObserver<T> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PipelinedStream.class);
    static final int DEPTH = 8;

    private final StreamObserver<T> handler;
    private final ServerCallStreamObserver<?> call;
    private final Executor executor;
    private final ConcurrentLinkedQueue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    private PipelinedStream(StreamObserver<T> handler, ServerCallStreamObserver<?> call, Executor executor) {
        this.handler = handler;
        this.call = call;
        this.executor = executor;
    }

    /** Must be called while the call is being started, before gRPC requests the first message. */
    static <T> StreamObserver<T> of(StreamObserver<T> handler, StreamObserver<?> responses, Executor executor) {
        ServerCallStreamObserver<?> call = (ServerCallStreamObserver<?>) responses;
        // with a handler, answers still queued when the client cancels are dropped instead of thrown
        call.setOnCancelHandler(() -> {});
        call.disableAutoRequest();
        call.request(DEPTH);
        return new PipelinedStream<>(handler, call, executor);
    }

    @Override
    public void onNext(T message) {
        submit(() -> {
            handler.onNext(message);
            call.request(1);
        });
    }

    @Override
    public void onError(Throwable error) {
        submit(() -> handler.onError(error));
    }

    @Override
    public void onCompleted() {
        submit(handler::onCompleted);
    }

    private void submit(Runnable task) {
        pending.add(task);
        if (draining.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    /** Runs queued tasks one at a time; another drain starts only after this one lets go. */
    private void drain() {
        do {
            for (Runnable task; (task = pending.poll()) != null; ) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    // the next task (the stream's end) must still run, or the ingest's ref stays locked
                    LOG.warn("write stream message failed: {}", e.toString());
                }
            }
            draining.set(false);
        } while (!pending.isEmpty() && draining.compareAndSet(false, true));
    }
}
