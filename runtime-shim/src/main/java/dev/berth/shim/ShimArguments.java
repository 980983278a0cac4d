package dev.berth.shim;

import java.nio.file.Path;
import java.util.List;

/**
 * The shim's command line, as the gateway launches it:
 * {@code berth-shim --id <id> --socket <path> --work <dir> [--runc <path>] [--runc-root <dir>]}.
 * Parsed by hand: the shim is one JVM per container and should load as little as it can.
 */
record ShimArguments(String id, Path socket, Path work, String runc, Path runcRoot) {
    static final String USAGE = "usage: berth-shim --id <container id> --socket <path> --work <dir>"
            + " [--runc <path, default runc>] [--runc-root <dir, default /run/berth/runc>]";

    /** The same rule runc applies to container ids. */
    private static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9_.+-]{0,127}";

    static ShimArguments parse(List<String> args) {
        String id = null;
        Path socket = null;
        Path work = null;
        String runc = "runc";
        Path runcRoot = Path.of("/run/berth/runc");
        for (int i = 0; i < args.size(); i++) {
            String name = args.get(i);
            String value;
            int eq = name.indexOf('=');
            if (name.startsWith("--") && eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            switch (name) {
                case "--id" -> id = value;
                case "--socket" -> socket = Path.of(value);
                case "--work" -> work = Path.of(value);
                case "--runc" -> runc = value;
                case "--runc-root" -> runcRoot = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (id == null || socket == null || work == null) {
            throw new IllegalArgumentException("--id, --socket and --work are required");
        }
        if (!id.matches(ID_PATTERN)) {
            throw new IllegalArgumentException("container id \"" + id + "\" is not valid");
        }
        if (runc.isBlank()) {
            throw new IllegalArgumentException("--runc must not be empty");
        }
        return new ShimArguments(id, socket.toAbsolutePath(), work.toAbsolutePath(), runc, runcRoot.toAbsolutePath());
    }
}
