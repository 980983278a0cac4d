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
 * @param shimSpares    shims started ahead of need, so a new container's shim is already serving
 *                      (setting shim.spares, default 1; 0 starts each shim on demand)
 */
public record GatewaySettings(
        Path root, Path state, Path socket, String shimBinary, String runcBinary, Path runcRoot, String namespace,
        int shimSpares) {

    /** Settings without spare shims. */
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
                Integer.parseInt(options.setting("shim.spares", "1")));
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
}
