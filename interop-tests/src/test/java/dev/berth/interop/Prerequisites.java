package dev.berth.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * What these tests need on the machine (deploy/install.sh --deps installs it). With CI=true a
 * missing prerequisite fails the test; elsewhere the test is skipped with the reason.
 */
final class Prerequisites {
    static final Path BUSYBOX = Path.of("/bin/busybox");
    static final Path PYTHON = Path.of("/usr/bin/python3");

    private Prerequisites() {
    }

    static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    static void require(boolean present, String what) {
        if (present) {
            return;
        }
        String message = what + " (deploy/install.sh --deps installs it)";
        if (inCi()) {
            fail("CI=true and a prerequisite is missing: " + message);
        }
        Assumptions.abort("skipped outside CI: " + message);
    }

    static void requireRoot() {
        require("root".equals(System.getProperty("user.name")), "root (mounts, runc, overlayfs whiteouts)");
    }

    static void requireBusybox() {
        require(Files.isExecutable(BUSYBOX), BUSYBOX + " (Debian's busybox-static)");
    }

    /** An executable on PATH (or /usr/bin, /usr/sbin, /sbin), by name; fails or skips when absent. */
    static Path requireCommand(String name) {
        for (String dir : pathDirectories()) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        require(false, name);
        throw new AssertionError("unreachable");
    }

    /** Debian's python3 with python3-grpcio and python3-grpc-tools. */
    static void requirePythonGrpc() {
        require(Files.isExecutable(PYTHON), PYTHON + " (python3)");
        CommandResult probe = Commands.run(List.of(PYTHON.toString(), "-c", "import grpc, grpc_tools.protoc"), 30);
        require(probe.exitCode() == 0, "python3-grpcio and python3-grpc-tools for " + PYTHON + ": " + probe.output().strip());
    }

    private static List<String> pathDirectories() {
        String path = System.getenv().getOrDefault("PATH", "");
        java.util.ArrayList<String> dirs = new java.util.ArrayList<>(List.of(path.split(":")));
        dirs.addAll(List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        dirs.removeIf(String::isEmpty);
        return dirs;
    }
}
