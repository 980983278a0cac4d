package dev.berth.gateway.config;

import dev.berth.common.service.ServiceOptions;
import java.nio.file.Path;

/**
 * Where the gateway keeps its records and how it runs containers. Read once at start from the
 * service options (--root, --state, --config) so every part sees the same values.
 *
 * @param root          persistent records: containers/<id>/, volumes/ (default /var/lib/berth/gateway)
 * @param state         runtime state: bundles/<id>/, shims/<id>/ (default /run/berth)
 * @param socket        the Docker API socket (default <state>/berth.sock)
 * @param shimBinary    launcher of berth-shim (setting shim.binary, default "berth-shim" on PATH)
 * @param runcBinary    the OCI runtime (setting runc.binary, default "runc")
 * @param runcRoot      runc's state root, Berth's own so it never meets Docker's (setting runc.root, default <state>/runc)
 * @param namespace     the containerd namespace of the gateway's calls (setting namespace, default "berth")
 * @param shimGroupSize how many containers share one shim host process (setting shim.group-size):
 *                      0 (the default) puts every container in one host; 1 gives each container a
 *                      host of its own, Docker's isolation; N fills hosts of N containers each
 * @param sharedShimIdleSeconds how long a shim host of several containers stays up with none
 *                      running (setting shim.idle-exit, default 10): at rest, with no container
 *                      running, no shim host holds memory; 0 keeps such hosts up. A host per
 *                      container exits as soon as its container stops.
 */
public record GatewaySettings(
        Path root, Path state, Path socket, String shimBinary, String runcBinary, Path runcRoot, String namespace,
        int shimGroupSize, int sharedShimIdleSeconds) {

    public static final int DEFAULT_SHARED_SHIM_IDLE_SECONDS = 10;

    public GatewaySettings {
        if (shimGroupSize < 0) {
            throw new IllegalArgumentException("shim.group-size must be 0 (one host for all) or more, not " + shimGroupSize);
        }
        if (sharedShimIdleSeconds < 0) {
            throw new IllegalArgumentException("shim.idle-exit must be 0 (never) or more seconds, not " + sharedShimIdleSeconds);
        }
    }

    public GatewaySettings(Path root, Path state, Path socket, String shimBinary, String runcBinary, Path runcRoot,
            String namespace, int shimGroupSize) {
        this(root, state, socket, shimBinary, runcBinary, runcRoot, namespace, shimGroupSize, DEFAULT_SHARED_SHIM_IDLE_SECONDS);
    }

    /** Settings with every container in one shim host. */
    public GatewaySettings(Path root, Path state, Path socket, String shimBinary, String runcBinary, Path runcRoot,
            String namespace) {
        this(root, state, socket, shimBinary, runcBinary, runcRoot, namespace, 0);
    }

    public static GatewaySettings from(ServiceOptions options) {
        Path state = options.state();
        return new GatewaySettings(
                options.root("gateway"),
                state,
                options.socket("berth"),
                options.setting("shim.binary", "berth-shim"),
                options.setting("runc.binary", "runc"),
                Path.of(options.setting("runc.root", state.resolve("runc").toString())),
                options.setting("namespace", "berth"),
                Integer.parseInt(options.setting("shim.group-size", "0")),
                Integer.parseInt(options.setting("shim.idle-exit", String.valueOf(DEFAULT_SHARED_SHIM_IDLE_SECONDS))));
    }

    public Path containersDir() {
        return root.resolve("containers");
    }

    public Path bundlesDir() {
        return state.resolve("bundles");
    }

    public Path shimsDir() {
        return state.resolve("shims");
    }

    /** Shim hosts' sockets and pid files: {@code <shims>/hosts/<group>.sock|.pid}. */
    public Path shimHostsDir() {
        return shimsDir().resolve("hosts");
    }
}
