package dev.berth.common.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.posix.Posix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {
    @TempDir Path dir;

    @Test
    void replaceLeavesOnlyTheNewContent() throws Exception {
        Path target = dir.resolve("state.json");
        DurableFiles.replace(target, "one".getBytes());
        DurableFiles.replace(target, "two".getBytes());
        assertEquals("two", Files.readString(target));
        assertFalse(Files.exists(dir.resolve("state.json" + DurableFiles.TEMP_SUFFIX)));
    }

    @Test
    void replaceWithoutSyncSwapsTheWholeFileAndLeavesNoTemporary() throws Exception {
        Path target = dir.resolve("hosts");
        DurableFiles.replaceWithoutSync(target, "127.0.0.1\tlocalhost\n10.0.0.2\told\n".getBytes());
        Object before = Files.readAttributes(target, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        DurableFiles.replaceWithoutSync(target, "127.0.0.1\tlocalhost\n".getBytes());
        assertEquals("127.0.0.1\tlocalhost\n", Files.readString(target));
        // a new inode, renamed into place: a reader holding the old file never sees it half rewritten
        assertFalse(before.equals(Files.readAttributes(target, java.nio.file.attribute.BasicFileAttributes.class).fileKey()));
        assertFalse(Files.exists(dir.resolve("hosts" + DurableFiles.TEMP_SUFFIX)));
    }

    @Test
    void deleteTreeRemovesLinksNotTheirTargets() throws Exception {
        Path outside = Files.writeString(dir.resolve("keep.txt"), "keep");
        Path tree = Files.createDirectories(dir.resolve("tree/sub"));
        Files.writeString(tree.resolve("f"), "x");
        Files.createSymbolicLink(tree.resolve("link"), outside);
        Files.createSymbolicLink(dir.resolve("tree/dirlink"), dir);
        DurableFiles.deleteTree(dir.resolve("tree"));
        assertFalse(Files.exists(dir.resolve("tree")));
        assertEquals("keep", Files.readString(outside));
        DurableFiles.deleteTree(dir.resolve("absent"));
    }

    @Test
    void deleteTreeRefusesToDescendIntoAMount() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source"));
        Files.writeString(source.resolve("precious"), "p");
        Path mountPoint = Files.createDirectories(dir.resolve("tree/mnt"));
        Posix.mount(source.toString(), mountPoint, null, Posix.MS_BIND, null);
        try {
            assertThrows(IOException.class, () -> DurableFiles.deleteTree(dir.resolve("tree")));
            assertTrue(Files.exists(source.resolve("precious")));
        } finally {
            Posix.unmount(mountPoint, 0);
        }
    }
}
