package dev.berth.shim;

import java.nio.file.Path;
import java.util.List;

/**
 * The host's command line, as the gateway launches it:
 * {@code berth-shim --socket <host socket> --state <shims dir> --group <name> [--runc <path>]
 * [--runc-root <dir>] [--exit-when-idle [--idle-grace <ms>]]}. Parsed by hand: the host should load as
 * little as it can.
 *
 * @param idleGraceMillis with --exit-when-idle, how long the host stays idle before it exits
 */
public record HostArguments(Path socket, Path state, String group, String runc, Path runcRoot, boolean exitWhenIdle,
        long idleGraceMillis) {
    public static final String USAGE = "usage: berth-shim --socket <host socket> --state <shims dir> --group <name>"
            + " [--runc <path, default runc>] [--runc-root <dir, default /run/berth/runc>] [--exit-when-idle]"
            + " [--idle-grace <ms, default 1000>]";

    private static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9_.+-]{0,127}";

    public static HostArguments parse(List<String> args) {
        Path socket = null;
        Path state = null;
        String group = null;
        String runc = "runc";
        Path runcRoot = Path.of("/run/berth/runc");
        boolean exitWhenIdle = false;
        long idleGraceMillis = 1000;
        for (int i = 0; i < args.size(); i++) {
            String name = args.get(i);
            if (name.equals("--exit-when-idle")) {
                exitWhenIdle = true;
                continue;
            }
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
                case "--socket" -> socket = Path.of(value);
                case "--state" -> state = Path.of(value);
                case "--group" -> group = value;
                case "--runc" -> runc = value;
                case "--runc-root" -> runcRoot = Path.of(value);
                case "--idle-grace" -> idleGraceMillis = parseMillis(value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (socket == null || state == null || group == null) {
            throw new IllegalArgumentException("--socket, --state and --group are required");
        }
        if (!group.matches(NAME_PATTERN)) {
            throw new IllegalArgumentException("group \"" + group + "\" is not valid");
        }
        if (runc.isBlank()) {
            throw new IllegalArgumentException("--runc must not be empty");
        }
        return new HostArguments(socket.toAbsolutePath(), state.toAbsolutePath(), group, runc, runcRoot.toAbsolutePath(), exitWhenIdle,
                idleGraceMillis);
    }

    private static long parseMillis(String value) {
        try {
            long millis = Long.parseLong(value);
            if (millis >= 0) {
                return millis;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw new IllegalArgumentException("--idle-grace takes milliseconds, not \"" + value + "\"");
    }
}
