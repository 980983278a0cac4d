package dev.berth.gateway.container.runtime;

import dev.berth.common.posix.Posix;
import dev.berth.common.posix.PosixException;
import dev.berth.gateway.config.GatewaySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a shim that died without cleaning up leaves behind: runc's record of the container and
 * the rootfs mounted in the bundle. Removed before a new shim takes the container over and when
 * the container is removed without a live shim.
 */
final class RuntimeLeftovers {
    private static final Logger log = LoggerFactory.getLogger(RuntimeLeftovers.class);

    private final GatewaySettings settings;
    private final ContainerPaths paths;

    RuntimeLeftovers(GatewaySettings settings, ContainerPaths paths) {
        this.settings = settings;
        this.paths = paths;
    }

    void clean(String id) {
        deleteRuncContainer(id);
        unmountRootfs(id);
    }

    private void deleteRuncContainer(String id) {
        if (!Files.exists(settings.runcRoot().resolve(id))) {
            return;
        }
        try {
            Process runc = new ProcessBuilder(settings.runcBinary(), "--root", settings.runcRoot().toString(),
                    "delete", "--force", id)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!runc.waitFor(10, TimeUnit.SECONDS)) {
                runc.destroyForcibly();
                log.warn("runc delete --force {} did not finish in 10s", id);
            }
        } catch (IOException e) {
            log.warn("could not run runc delete for {}: {}", id, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void unmountRootfs(String id) {
        Path rootfs = paths.bundleDir(id).resolve("rootfs");
        for (int i = 0; i < 8 && mounted(rootfs); i++) {
            try {
                Posix.unmount(rootfs, Posix.MNT_DETACH);
            } catch (PosixException e) {
                log.warn("could not unmount {}: {}", rootfs, e.getMessage());
                return;
            }
        }
    }

    static boolean mounted(Path mountPoint) {
        return mountPoints().contains(mountPoint.toAbsolutePath().normalize().toString());
    }

    private static List<String> mountPoints() {
        List<String> points = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] fields = line.split(" ");
                if (fields.length > 4) {
                    points.add(unescape(fields[4]));
                }
            }
        } catch (IOException e) {
            log.warn("cannot read /proc/self/mountinfo: {}", e.getMessage());
        }
        return points;
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes such as \040. */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()) {
                try {
                    out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                    i += 3;
                    continue;
                } catch (NumberFormatException e) {
                    // not an escape: keep the backslash
                }
            }
            out.append(c);
        }
        return out.toString();
    }
}
