package dev.berth.content.store;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps a garbage collection from racing a change that adds a reference (a commit, a label, an
 * image record, a lease resource): such changes hold it shared, a collection holds it exclusively
 * while it marks and removes records. Without it, a reference added between the mark and the
 * sweep could point at something the sweep then removes.
 */
public final class ReferenceLock {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);

    /** A piece of work that may throw {@code E}. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    public <T, E extends Exception> T changing(Work<T, E> change) throws E {
        lock.readLock().lock();
        try {
            return change.run();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs a collection's mark and sweep with no reference-adding change in between. */
    public <T, E extends Exception> T collecting(Work<T, E> collection) throws E {
        lock.writeLock().lock();
        try {
            return collection.run();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
