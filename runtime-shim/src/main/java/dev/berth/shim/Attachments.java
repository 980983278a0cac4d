package dev.berth.shim;

import dev.berth.api.runtime.v1.StdStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The clients attached to the container. A client attached while no process runs (before Start,
 * as docker run does) stays attached through the next run; every client is completed when the
 * run it saw ends.
 */
final class Attachments {
    private final List<Attachment> attached = new ArrayList<>();

    synchronized void add(Attachment attachment) {
        attached.add(attachment);
    }

    synchronized void remove(Attachment attachment) {
        attached.remove(attachment);
    }

    void broadcast(StdStream stream, byte[] data) {
        for (Attachment attachment : snapshot()) {
            attachment.output(stream, data);
        }
    }

    void completeAll() {
        List<Attachment> done;
        synchronized (this) {
            done = new ArrayList<>(attached);
            attached.clear();
        }
        done.forEach(Attachment::complete);
    }

    private synchronized List<Attachment> snapshot() {
        return new ArrayList<>(attached);
    }
}
