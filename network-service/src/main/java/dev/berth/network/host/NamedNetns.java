package dev.berth.network.host;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Named network namespaces as {@code ip netns} makes them (made in-process, see {@link IpRoute}): a bind mount of the namespace at
 * /run/netns/<name>, which keeps it alive without any process in it and gives the OCI spec a path.
 */
public final class NamedNetns {
    public static final Path DIRECTORY = Path.of("/run/netns");
    private final IpRoute ip;

    public NamedNetns(IpRoute ip) {
        this.ip = ip;
    }

    public Path path(String name) {
        return DIRECTORY.resolve(name);
    }

    public boolean exists(String name) {
        return Files.exists(path(name));
    }

    /** Creates the namespace with loopback up; on failure removes what it made. */
    public void create(String name) {
        ip.addNetns(name);
    }

    /** Deletes the namespace, and with it every interface still inside; a missing one is not an error. */
    public void removeIfExists(String name) {
        if (exists(name)) {
            ip.deleteNetns(name);
        }
    }
}
