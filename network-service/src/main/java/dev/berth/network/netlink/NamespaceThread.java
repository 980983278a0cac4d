package dev.berth.network.netlink;

import dev.berth.common.posix.Libc;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs work in another network namespace on a platform thread of its own that ends afterwards,
 * so no thread Berth does not own (gRPC, Netty, a virtual thread's carrier) ever changes namespace
 * and none needs restoring.
 */
public final class NamespaceThread {
    private NamespaceThread() {}

    /** Runs {@code work} in the named namespace whose file is {@code namespace}. */
    public static <T> T callIn(Path namespace, String name, Supplier<T> work) {
        int fd = NamespaceCalls.open(namespace, name);
        try {
            return callOnFreshThread("netns-" + name, () -> {
                NamespaceCalls.enter(fd, name);
                return work.get();
            });
        } finally {
            SocketCalls.close(fd);
        }
    }

    /** Runs {@code work} on a new platform thread and waits for it; its failure is rethrown here. */
    static <T> T callOnFreshThread(String threadName, Supplier<T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().name(threadName).daemon(true).unstarted(() -> {
            try {
                result.set(work.get());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        thread.start();
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the thread is mid-syscall in another namespace: wait for it anyway
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure.get() != null) {
            throw Libc.rethrow(failure.get());
        }
        return result.get();
    }
}
