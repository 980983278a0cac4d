package dev.berth.snapshot;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that mount overlayfs, write whiteouts and trusted xattrs need root. Without it they are
 * skipped on a developer's machine, and fail under CI (CI=true), where a skip would hide them.
 */
final class RootPrerequisites {
    private RootPrerequisites() {}

    static void require() {
        int uid;
        try {
            uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            uid = -1;
        }
        if (uid != 0) {
            String reason = "these tests mount overlayfs and need root (running as uid " + uid + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(reason);
            }
            Assumptions.abort(reason);
        }
    }
}
