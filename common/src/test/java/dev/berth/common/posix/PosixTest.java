package dev.berth.common.posix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PosixTest {
    @TempDir Path dir;

    @Test
    void mknodMakesTheOverlayWhiteoutDevice() throws Exception {
        Path wh = dir.resolve("gone");
        Posix.mknod(wh, Posix.S_IFCHR, Posix.makedev(0, 0));
        assertEquals(0L, ((Number) Files.getAttribute(wh, "unix:rdev", LinkOption.NOFOLLOW_LINKS)).longValue());
        assertFalse(Files.isRegularFile(wh));
        PosixException e = assertThrows(PosixException.class, () -> Posix.mknod(wh, Posix.S_IFCHR, 0));
        assertEquals(17, e.errno());
    }

    @Test
    void xattrsRoundTrip() throws Exception {
        Path d = Files.createDirectory(dir.resolve("opaque"));
        assertNull(Posix.getXattr(d, "trusted.overlay.opaque"));
        Posix.setXattr(d, "trusted.overlay.opaque", "y".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("y".getBytes(StandardCharsets.UTF_8), Posix.getXattr(d, "trusted.overlay.opaque"));
    }

    @Test
    void bindMountAndUnmount() throws Exception {
        Path src = Files.createDirectory(dir.resolve("src"));
        Files.writeString(src.resolve("f"), "x");
        Path target = Files.createDirectory(dir.resolve("target"));
        Posix.mount(src.toString(), target, null, Posix.MS_BIND, null);
        try {
            assertTrue(Files.exists(target.resolve("f")));
        } finally {
            Posix.unmount(target, 0);
        }
        assertFalse(Files.exists(target.resolve("f")));
    }

    @Test
    void waitStatusDecoding() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "exit 7").start();
        assertEquals(7, p.waitFor());
        assertEquals(7, Posix.exitCodeOf(7 << 8));
        assertEquals(137, Posix.exitCodeOf(9));
        assertFalse(Posix.kill(Integer.MAX_VALUE - 1, 0));
    }
}
