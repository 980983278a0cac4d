package dev.berth.network.core;

import java.io.IOException;

/** Unpublishes a sandbox's ports when the sandbox goes (the port publisher). */
public interface PortRelease {
    /** Closes the container's proxies, drops its forwarding rules and its ports from the state. */
    void unpublishAll(String containerId) throws IOException;
}
