package dev.berth.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostArgumentsTest {
    @Test
    void theLaunchContractIsParsedWithItsDefaults() {
        HostArguments args = HostArguments.parse(List.of("--socket", "/run/s.sock", "--state", "/st", "--group", "g1"));
        assertEquals("runc", args.runc());
        assertEquals(Path.of("/run/berth/runc"), args.runcRoot());
        assertEquals(Path.of("/st"), args.state());
        assertEquals("g1", args.group());
        assertFalse(args.exitWhenIdle());
        assertEquals(1000, args.idleGraceMillis());
        assertEquals(30_000, HostArguments.parse(List.of("--socket", "/s", "--state", "/st", "--group", "shared", "--exit-when-idle",
                "--idle-grace", "30000")).idleGraceMillis());
        assertThrows(IllegalArgumentException.class, () -> HostArguments.parse(List.of("--socket", "/s", "--state", "/st",
                "--group", "g", "--idle-grace", "-1")));
        assertThrows(IllegalArgumentException.class, () -> HostArguments.parse(List.of("--socket", "/s", "--state", "/st",
                "--group", "g", "--idle-grace", "soon")));
        HostArguments idle = HostArguments.parse(List.of("--socket=/s", "--state", "/st", "--group", "c1", "--exit-when-idle",
                "--runc", "/usr/sbin/runc", "--runc-root", "/r"));
        assertTrue(idle.exitWhenIdle());
        assertEquals("/usr/sbin/runc", idle.runc());
        assertEquals(Path.of("/r"), idle.runcRoot());
        assertThrows(IllegalArgumentException.class, () -> HostArguments.parse(List.of("--socket", "/s")));
        assertThrows(IllegalArgumentException.class,
                () -> HostArguments.parse(List.of("--socket", "/s", "--state", "/st", "--group", "../x")));
        assertThrows(IllegalArgumentException.class, () -> HostArguments.parse(List.of("--bogus", "1")));
    }
}
