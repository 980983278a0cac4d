package dev.berth.gateway.container.runtime;

import dev.berth.gateway.config.GatewaySettings;
import java.nio.file.Path;

/**
 * Where one container's files live. Ids are checked to be 64 hex digits before they name a
 * directory, so no reference from a client can reach outside these roots.
 */
public final class ContainerPaths {
    /** sockaddr_un holds 108 bytes including the terminating NUL. */
    static final int MAX_SOCKET_PATH = 107;

    private final Path containers;
    private final Path bundles;
    private final Path shims;

    public ContainerPaths(Path containers, Path bundles, Path shims) {
        this.containers = containers.toAbsolutePath();
        this.bundles = bundles.toAbsolutePath();
        this.shims = shims.toAbsolutePath();
    }

    public static ContainerPaths of(GatewaySettings settings) {
        return new ContainerPaths(settings.containersDir(), settings.bundlesDir(), settings.shimsDir());
    }

    public Path containersRoot() {
        return containers;
    }

    public Path containerDir(String id) {
        return containers.resolve(ContainerIds.require(id));
    }

    public Path hostnameFile(String id) {
        return containerDir(id).resolve("hostname");
    }

    public Path hostsFile(String id) {
        return containerDir(id).resolve("hosts");
    }

    public Path resolvConfFile(String id) {
        return containerDir(id).resolve("resolv.conf");
    }

    public Path logFile(String id) {
        return containerDir(id).resolve(id + "-json.log");
    }

    public Path bundleDir(String id) {
        return bundles.resolve(ContainerIds.require(id));
    }

    /** The container's state directory, owned by its shim host: its endpoint and exit.json. */
    public Path shimDir(String id) {
        return shims.resolve(ContainerIds.require(id));
    }

    public Path shimSocket(String id) {
        return shimDir(id).resolve("shim.sock");
    }

    public Path exitFile(String id) {
        return shimDir(id).resolve("exit.json");
    }

    /** Fails early, with the reason, when the state directory is too deep for a unix socket path. */
    public void checkSocketPathLength() {
        int length = shims.resolve("0".repeat(64)).resolve("shim.sock").toString().length();
        if (length > MAX_SOCKET_PATH) {
            throw new IllegalStateException("state directory " + shims + " is too deep: shim socket paths would be "
                    + length + " bytes, more than a unix socket allows (" + MAX_SOCKET_PATH + ")");
        }
    }
}
