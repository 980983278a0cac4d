package dev.berth.network.core;

import dev.berth.network.state.PortRecord;
import java.io.IOException;
import java.util.function.Predicate;

/** Unpublishes a sandbox's ports when the endpoint or the sandbox they lead to goes (the port publisher). */
public interface PortRelease {
    /** Closes the proxies of the container's ports that match, drops their rules and their records. */
    void unpublish(String containerId, Predicate<PortRecord> which) throws IOException;

    default void unpublishAll(String containerId) throws IOException {
        unpublish(containerId, port -> true);
    }
}
