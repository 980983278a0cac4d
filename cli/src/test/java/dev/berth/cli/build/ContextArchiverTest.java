package dev.berth.cli.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cli.copy.Tars;
import dev.berth.dockerfile.ignore.IgnoreMatcher;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The context tar's details docker's go-archive gives it, and how stdin is told apart. */
class ContextArchiverTest {
    @TempDir
    Path dir;

    private List<TarArchiveEntry> archive(List<String> excludes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ContextArchiver.write(dir, IgnoreMatcher.of(excludes), true, out);
        List<TarArchiveEntry> entries = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.add(entry);
            }
        }
        return entries;
    }

    @Test
    void aSecondNameOfAFileIsAHardLinkToTheFirst() throws Exception {
        Files.writeString(dir.resolve("a"), "data");
        Files.createLink(dir.resolve("b"), dir.resolve("a"));
        List<TarArchiveEntry> entries = archive(List.of());
        assertEquals(2, entries.size());
        assertTrue(entries.get(0).isFile());
        assertEquals(4, entries.get(0).getSize());
        assertTrue(entries.get(1).isLink());
        assertEquals("a", entries.get(1).getLinkName());
    }

    @Test
    void modesAndWholeSecondMtimesAreKept() throws Exception {
        Path script = Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
        Files.setLastModifiedTime(script, FileTime.fromMillis(1_700_000_000_750L));
        TarArchiveEntry entry = archive(List.of()).getFirst();
        assertEquals(0750, entry.getMode());
        assertEquals(1_700_000_000_000L, entry.getModTime().getTime());
    }

    @Test
    void anExcludedDirectoryIsEnteredOnlyForAnExceptionBelowIt() throws Exception {
        Files.createDirectories(dir.resolve("logs/keep"));
        Files.writeString(dir.resolve("logs/keep/x"), "x");
        Files.writeString(dir.resolve("logs/y"), "y");
        Files.createDirectories(dir.resolve("tmp"));
        Files.writeString(dir.resolve("tmp/z"), "z");
        List<String> names = archive(List.of("logs", "tmp", "!logs/keep/x")).stream().map(TarArchiveEntry::getName).toList();
        assertEquals(List.of("logs/keep/x"), names);
    }

    @Test
    void stdinIsAnArchiveByItsMagicOrAValidTarHeader() throws Exception {
        assertTrue(StdinContext.isArchive(new Tars().file("Dockerfile", "FROM x\n").bytes()));
        assertTrue(StdinContext.isArchive(new byte[] {0x1f, (byte) 0x8b, 0x08, 0}));
        assertFalse(StdinContext.isArchive("FROM busybox\n".getBytes(StandardCharsets.UTF_8)));
        byte[] almostTar = new Tars().file("Dockerfile", "FROM x\n").bytes();
        almostTar[0] ^= 1; // the checksum no longer holds
        assertFalse(StdinContext.isArchive(almostTar));
        assertFalse(StdinContext.isArchive(new byte[1024]), "an empty archive is no archive to docker");
    }
}
