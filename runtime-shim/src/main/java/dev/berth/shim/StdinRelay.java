package dev.berth.shim;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Carries attached clients' input to the container's stdin. Input that arrives before Start (a
 * client attaches, sends, then starts the container, as {@code echo hi | docker run -i} does) waits
 * in the queue for the run; a full queue blocks the sender, which is gRPC's flow control back to
 * the client. One writer thread per run empties the queue into the stdin pipe.
 */
final class StdinRelay {
    private static final byte[] CLOSE = new byte[0];
    private static final int QUEUE_CHUNKS = 64;

    private final boolean open;
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
    private boolean closeRequested;
    private Thread writer;

    /** @param open whether the container keeps stdin open (open_stdin); otherwise input is dropped */
    StdinRelay(boolean open) {
        this.open = open;
    }

    void write(byte[] data) throws InterruptedException {
        if (open && data.length > 0 && !isCloseRequested()) {
            queue.put(data);
        }
    }

    /** No more input: once what is queued is written, the container sees end of file. */
    void close() throws InterruptedException {
        synchronized (this) {
            if (!open || closeRequested) {
                return;
            }
            closeRequested = true;
        }
        queue.put(CLOSE);
    }

    /** A run started with {@code pipe} as its stdin. */
    synchronized void attachRun(OutputStream pipe) {
        writer = Threads.startBlocking("stdin", () -> copy(pipe));
    }

    /** The run ended: input still queued was meant for it and is dropped; the next run gets a fresh stdin. */
    void detachRun() {
        Thread old;
        synchronized (this) {
            old = writer;
            writer = null;
            closeRequested = false;
        }
        if (old != null) {
            old.interrupt();
        }
        queue.clear();
    }

    private synchronized boolean isCloseRequested() {
        return closeRequested;
    }

    private void copy(OutputStream pipe) {
        try (pipe) {
            while (true) {
                byte[] data = queue.take();
                if (data == CLOSE) {
                    return;
                }
                pipe.write(data);
                pipe.flush();
            }
        } catch (InterruptedException | IOException ignored) {
            // the run ended or the container closed its stdin
        } finally {
            stopTakingInput();
        }
    }

    /** The pipe is closed: later input is dropped instead of filling the queue and blocking its senders. */
    private void stopTakingInput() {
        synchronized (this) {
            if (writer != Thread.currentThread()) {
                return; // the run has already ended and the relay was reset for the next one
            }
            closeRequested = true;
        }
        queue.clear();
    }
}
