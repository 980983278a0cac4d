package dev.berth.cli.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extraction puts what the archive holds where docker would, and nothing outside the destination. */
class TarExtractorTest {
    @TempDir
    Path dir;
    Path destination;
    Path outside;

    @BeforeEach
    void layout() throws IOException {
        destination = Files.createDirectory(dir.resolve("dst"));
        outside = Files.createDirectory(dir.resolve("outside"));
    }

    private void extract(byte[] archive, String oldBase, String top) throws IOException {
        new TarExtractor(destination, oldBase, top).extract(new ByteArrayInputStream(archive));
    }

    private long outsideFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> !p.startsWith(destination) && !p.equals(dir) && !p.equals(outside)).count();
        }
    }

    @Test
    void aTreeIsExtractedWithModesAndInnerLinks() throws IOException {
        byte[] archive = new Tars().dir("app/").file("app/run.sh", "echo hi\n").dir("app/lib/").file("app/lib/a.txt", "a")
                .symlink("app/current", "lib/a.txt").hardlink("app/again.sh", "app/run.sh").bytes();
        extract(archive, "app", null);
        assertEquals("echo hi\n", Files.readString(destination.resolve("app/run.sh")));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(destination.resolve("app/run.sh"))));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(destination.resolve("app/lib"))));
        assertEquals("lib/a.txt", Files.readSymbolicLink(destination.resolve("app/current")).toString());
        assertEquals("echo hi\n", Files.readString(destination.resolve("app/again.sh")));
    }

    @Test
    void theTopEntryIsRenamed() throws IOException {
        extract(new Tars().dir("app/").file("app/x", "1").bytes(), "app", "copy");
        assertEquals("1", Files.readString(destination.resolve("copy/x")));
        assertFalse(Files.exists(destination.resolve("app")));
        extract(new Tars().dir("./").file("./y", "2").bytes(), ".", "dotted");
        assertEquals("2", Files.readString(destination.resolve("dotted/y")));
    }

    @Test
    void namesClimbingOutAreRefused() throws IOException {
        assertThrows(TarExtractor.BreakoutException.class, () -> extract(new Tars().file("../outside/evil", "x").bytes(), "x", null));
        assertThrows(TarExtractor.BreakoutException.class, () -> extract(new Tars().file("ok/../../outside/evil", "x").bytes(), "ok", null));
        assertThrows(TarExtractor.BreakoutException.class, () -> extract(new Tars().file("/abs/evil", "x").bytes(), "abs", null));
        assertEquals(0, outsideFiles());
    }

    @Test
    void entriesBesideTheExpectedTopAreRefused() throws IOException {
        byte[] archive = new Tars().file("wanted", "ok").file("sneaky", "x").bytes();
        TarExtractor.BreakoutException e = assertThrows(TarExtractor.BreakoutException.class, () -> extract(archive, "wanted", "renamed"));
        assertTrue(e.getMessage().contains("\"sneaky\" is outside of"), e.getMessage());
        assertFalse(Files.exists(destination.resolve("sneaky")));
    }

    @Test
    void symlinksPointingOutAreRefused() throws IOException {
        byte[] archive = new Tars().dir("d/").symlink("d/escape", "../../outside").bytes();
        TarExtractor.BreakoutException e = assertThrows(TarExtractor.BreakoutException.class, () -> extract(archive, "d", null));
        assertTrue(e.getMessage().startsWith("invalid symlink"), e.getMessage());
        assertFalse(Files.exists(destination.resolve("d/escape"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void writingThroughALinkThatLeadsOutIsRefused() throws IOException {
        // an absolute link is created as docker creates it, but nothing is ever written through it
        byte[] archive = new Tars().dir("d/").symlink("d/etc", outside.toString()).file("d/etc/passwd", "pwned").bytes();
        assertThrows(TarExtractor.BreakoutException.class, () -> extract(archive, "d", null));
        assertFalse(Files.exists(outside.resolve("passwd")));
        byte[] viaDirectory = new Tars().dir("d/").symlink("d/up", outside.toString()).dir("d/up/sub/").bytes();
        assertThrows(TarExtractor.BreakoutException.class, () -> extract(viaDirectory, "d", null));
        assertFalse(Files.exists(outside.resolve("sub")));
        assertEquals(0, outsideFiles());
    }

    @Test
    void anExistingLinkIsReplacedNotFollowed() throws IOException {
        Path victim = Files.writeString(outside.resolve("victim"), "safe");
        Files.createSymbolicLink(destination.resolve("f"), victim);
        extract(new Tars().file("f", "new").bytes(), "f", null);
        assertEquals("safe", Files.readString(victim));
        assertFalse(Files.isSymbolicLink(destination.resolve("f")));
        assertEquals("new", Files.readString(destination.resolve("f")));
    }

    @Test
    void hardLinksOutAreRefused() throws IOException {
        Files.writeString(outside.resolve("secret"), "s");
        byte[] archive = new Tars().dir("d/").hardlink("d/h", "../outside/secret").bytes();
        assertThrows(TarExtractor.BreakoutException.class, () -> extract(archive, "d", null));
        assertFalse(Files.exists(destination.resolve("d/h")));
    }

    @Test
    void directoriesAndFilesDoNotReplaceEachOther() throws IOException {
        Files.createDirectory(destination.resolve("x"));
        IOException e = assertThrows(IOException.class, () -> extract(new Tars().file("x", "data").bytes(), "x", null));
        assertTrue(e.getMessage().startsWith("cannot overwrite directory"), e.getMessage());
        Files.writeString(destination.resolve("y"), "file");
        IOException e2 = assertThrows(IOException.class, () -> extract(new Tars().dir("y/").bytes(), "y", null));
        assertTrue(e2.getMessage().startsWith("cannot overwrite non-directory"), e2.getMessage());
    }
}
