package dev.berth.shim;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host with --exit-when-idle and an idle grace: up for the grace with nothing to do, gone after it. */
class IdleExitTest {
    @TempDir
    Path dir;

    @Test
    void aHostWithNothingToDoStaysForItsGraceThenExitsAndRemovesItsSocket() throws Exception {
        Prerequisites.require();
        Path socket = dir.resolve("idle.sock");
        HostProcess host = HostProcess.launch(Files.createDirectories(dir.resolve("shims")), dir.resolve("runc"), "shared", socket,
                true, dir.resolve("idle.log"), "--idle-grace", "4000");
        try {
            Thread.sleep(2000);
            assertTrue(host.alive(), () -> "exited before its idle grace: " + host.log());
            assertTrue(host.awaitExit(20), () -> "still up long after its idle grace: " + host.log());
            assertFalse(Files.exists(socket), "its socket is removed as it exits");
        } finally {
            host.kill();
        }
    }
}
