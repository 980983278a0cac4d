package dev.berth.shim.io;

import dev.berth.api.runtime.v1.StdStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The clients attached to one process. A client attached while the process does not run
 * (before Start, as docker run does) stays attached through the next run; every client is
 * completed when the run it saw ends.
 */
public final class Attachments {
    private final List<Attachment> attached = new ArrayList<>();

    public synchronized void add(Attachment attachment) {
        attached.add(attachment);
    }

    public synchronized void remove(Attachment attachment) {
        attached.remove(attachment);
    }

    public synchronized int size() {
        return attached.size();
    }

    public void broadcast(StdStream stream, byte[] data) {
        for (Attachment attachment : snapshot()) {
            attachment.output(stream, data);
        }
    }

    /** Whether every client can take more output now. */
    public boolean allReady() {
        for (Attachment attachment : snapshot()) {
            if (!attachment.isReady()) {
                return false;
            }
        }
        return true;
    }

    public void completeAll() {
        List<Attachment> done;
        synchronized (this) {
            done = new ArrayList<>(attached);
            attached.clear();
        }
        done.forEach(Attachment::complete);
    }

    public void failAll(RuntimeException status) {
        List<Attachment> done;
        synchronized (this) {
            done = new ArrayList<>(attached);
            attached.clear();
        }
        done.forEach(a -> a.fail(status));
    }

    private synchronized List<Attachment> snapshot() {
        return new ArrayList<>(attached);
    }
}
