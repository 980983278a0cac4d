package dev.berth.shim;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real-container tests need root, runc and busybox: on CI a missing one fails the test, elsewhere it skips it. */
final class Prerequisites {
    static final String RUNC = "/usr/sbin/runc";
    static final Path BUSYBOX = Path.of("/usr/bin/busybox");

    private Prerequisites() {}

    static void require() {
        String missing = null;
        if (!"root".equals(System.getProperty("user.name"))) {
            missing = "root";
        } else if (!Files.isExecutable(Path.of(RUNC))) {
            missing = RUNC;
        } else if (!Files.isExecutable(BUSYBOX)) {
            missing = BUSYBOX.toString();
        }
        if (missing == null) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("these tests need " + missing + " (CI=true: a missing prerequisite fails the build)");
        }
        assumeTrue(false, "these tests need " + missing);
    }
}
