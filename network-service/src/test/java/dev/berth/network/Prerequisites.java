package dev.berth.network;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * What the kernel tests need: root, iproute2, iptables with iptables-restore, busybox. Missing
 * one skips them on a developer's machine, and fails them in CI ({@code CI=true}), where a skip
 * would pass silently.
 */
public final class Prerequisites {
    private static final List<String> COMMANDS = List.of("ip", "iptables", "iptables-restore", "busybox");

    private Prerequisites() {}

    public static void require() {
        List<String> missing = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            missing.add("root (namespaces, bridges, iptables)");
        }
        for (String command : COMMANDS) {
            if (!onPath(command)) {
                missing.add("the " + command + " command");
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "network tests need " + String.join(", ", missing);
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
    }

    private static boolean onPath(String command) {
        for (String directory : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(directory, command))) {
                return true;
            }
        }
        return false;
    }
}
