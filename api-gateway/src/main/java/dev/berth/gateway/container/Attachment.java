package dev.berth.gateway.container;

import java.io.OutputStream;

/** A live attachment. Closing {@link #stdin()} gives the container EOF when it was created with StdinOnce. */
public interface Attachment extends AutoCloseable {
    /** Writes to the container's stdin; a no-op sink when stdin is not open. */
    OutputStream stdin();

    /** Detaches without touching the container. */
    @Override
    void close();
}
