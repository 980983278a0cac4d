package dev.berth.network.core;

import dev.berth.network.state.NetworkState;
import dev.berth.network.state.StateStore;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's one state and the lock that serializes every change to it, shared by the parts
 * that change it (sandboxes and endpoints, networks, ports). A change is persisted before it
 * replaces the current state; listeners (the DNS records) see every committed state.
 */
public final class SharedState {
    private static final Logger LOG = LoggerFactory.getLogger(SharedState.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final StateStore store;
    private final List<Consumer<NetworkState>> listeners = new CopyOnWriteArrayList<>();
    private volatile NetworkState current;

    public SharedState(StateStore store, NetworkState initial) {
        this.store = store;
        this.current = initial;
    }

    public interface Change<T> {
        T run() throws IOException;
    }

    /** Runs {@code change} holding the lock. */
    public <T> T locked(Change<T> change) throws IOException {
        lock.lock();
        try {
            return change.run();
        } finally {
            lock.unlock();
        }
    }

    /** The latest committed state; a consistent snapshot without taking the lock. */
    public NetworkState current() {
        return current;
    }

    public void onCommit(Consumer<NetworkState> listener) {
        listeners.add(listener);
        listener.accept(current);
    }

    /** Persists {@code next} and makes it current. Call holding the lock. */
    public void commit(NetworkState next) throws IOException {
        store.save(next);
        publish(next);
    }

    /**
     * Undoes a write-ahead record after the kernel change failed and was cleaned up. Memory is
     * updated even if the write fails: every save writes the whole state, so the next one
     * catches up, and after a crash the reconciler drops the record anyway.
     */
    public void rollBack(NetworkState previous) {
        try {
            store.save(previous);
        } catch (IOException e) {
            LOG.warn("cannot persist a rollback, the next change will: {}", e.getMessage());
        }
        publish(previous);
    }

    private void publish(NetworkState next) {
        current = next;
        for (Consumer<NetworkState> listener : listeners) {
            listener.accept(next);
        }
    }
}
