package dev.berth.shim.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.runtime.v1.VolumeSeed;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumeSeederTest {
    @TempDir
    Path tmp;

    private static VolumeSeed seed(Path source, String destination) {
        return VolumeSeed.newBuilder().setSource(source.toString()).setDestination(destination).build();
    }

    @Test
    void copiesTheImageDirectoryWithModesTimesLinksAndHardLinks() throws Exception {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        Path data = Files.createDirectories(rootfs.resolve("data/sub"));
        Files.writeString(rootfs.resolve("data/seed.txt"), "seeded");
        Files.setAttribute(rootfs.resolve("data/seed.txt"), "unix:mode", 04750);
        Files.createLink(rootfs.resolve("data/hard.txt"), rootfs.resolve("data/seed.txt"));
        Files.createSymbolicLink(rootfs.resolve("data/sub/escape"), Path.of("/etc/passwd"));
        Files.setLastModifiedTime(rootfs.resolve("data/sub"), FileTime.fromMillis(1_000_000_000_000L));
        Files.setAttribute(rootfs.resolve("data"), "unix:mode", 0701);
        Path volume = Files.createDirectories(tmp.resolve("vol"));

        try (RootFs root = RootFs.open(rootfs)) {
            assertEquals(1, VolumeSeeder.seed(root, List.of(seed(volume, "/data"))));
        }
        assertEquals("seeded", Files.readString(volume.resolve("seed.txt")));
        assertEquals(04750, (int) Files.getAttribute(volume.resolve("seed.txt"), "unix:mode") & 07777);
        assertEquals(Files.getAttribute(volume.resolve("seed.txt"), "unix:ino"), Files.getAttribute(volume.resolve("hard.txt"), "unix:ino"));
        assertTrue(Files.isSymbolicLink(volume.resolve("sub/escape")));
        assertEquals(Path.of("/etc/passwd"), Files.readSymbolicLink(volume.resolve("sub/escape")));
        assertEquals(1_000_000_000_000L, Files.getLastModifiedTime(volume.resolve("sub"), LinkOption.NOFOLLOW_LINKS).toMillis());
        assertEquals(0701, (int) Files.getAttribute(volume, "unix:mode") & 07777, "the volume root takes the directory's mode");
        assertTrue(Files.exists(data));
    }

    @Test
    void aHostileSymlinkStaysInsideTheRootfs() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "host secret");
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        // absolute and ../ climbing links to the host's directory: resolved as if rootfs were "/"
        Files.createSymbolicLink(rootfs.resolve("abs"), outside);
        Files.createSymbolicLink(rootfs.resolve("climb"), Path.of("../../../../../../.." + outside));
        Files.createDirectories(rootfs.resolve("in"));
        Files.createSymbolicLink(rootfs.resolve("in/up"), Path.of("../../.."));
        Path v1 = Files.createDirectories(tmp.resolve("v1"));
        Path v2 = Files.createDirectories(tmp.resolve("v2"));
        Path v3 = Files.createDirectories(tmp.resolve("v3"));

        try (RootFs root = RootFs.open(rootfs)) {
            VolumeSeeder.seed(root, List.of(seed(v1, "/abs"), seed(v2, "/climb"), seed(v3, "/in/up/" + outside.getFileName())));
        }
        for (Path v : List.of(v1, v2, v3)) {
            try (var entries = Files.list(v)) {
                assertEquals(List.of(), entries.toList(), v + " got the host's files");
            }
        }
        // the same names inside the rootfs are what gets copied
        Files.createDirectories(rootfs.resolve(outside.toString().substring(1)));
        Files.writeString(rootfs.resolve(outside.toString().substring(1)).resolve("inside.txt"), "image");
        try (RootFs root = RootFs.open(rootfs)) {
            assertEquals(1, VolumeSeeder.seed(root, List.of(seed(v1, "/abs"))));
        }
        assertEquals("image", Files.readString(v1.resolve("inside.txt")));
        assertFalse(Files.exists(v1.resolve("secret.txt")));
    }

    @Test
    void aVolumeWithContentOrNoImageDirectoryIsLeftAlone() throws Exception {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("data"));
        Files.writeString(rootfs.resolve("data/a"), "a");
        Files.writeString(rootfs.resolve("file"), "f");
        Path full = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(full.resolve("mine"), "mine");
        Path none = Files.createDirectories(tmp.resolve("none"));
        try (RootFs root = RootFs.open(rootfs)) {
            assertEquals(0, VolumeSeeder.seed(root, List.of(seed(full, "/data"), seed(none, "/missing"),
                    seed(none, "/file"))));
        }
        assertFalse(Files.exists(full.resolve("a")));
        try (var entries = Files.list(none)) {
            assertEquals(0, entries.count());
        }
    }
}
