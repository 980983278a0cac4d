package dev.berth.gateway.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build context from an untrusted tar: nothing lands outside; .dockerignore applied as Docker's daemon does. */
class ContextArchiveTest {
    @TempDir
    Path dir;

    private static final class Tar {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final TarArchiveOutputStream out = new TarArchiveOutputStream(bytes);

        Tar file(String name, String content) throws IOException {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry(name, true);
            entry.setSize(data.length);
            entry.setMode(0644);
            out.putArchiveEntry(entry);
            out.write(data);
            out.closeArchiveEntry();
            return this;
        }

        Tar symlink(String name, String target) throws IOException {
            TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK, true);
            entry.setLinkName(target);
            out.putArchiveEntry(entry);
            out.closeArchiveEntry();
            return this;
        }

        byte[] bytes() throws IOException {
            out.close();
            return bytes.toByteArray();
        }
    }

    @Test
    void aNameClimbingOutIsRefusedAndNothingIsWritten() throws Exception {
        Path root = Files.createDirectories(dir.resolve("ctx"));
        byte[] tar = new Tar().file("Dockerfile", "FROM x\n").file("../evil", "x").bytes();
        var e = assertThrows(ContextArchive.UnsafeEntryException.class,
                () -> ContextArchive.extract(new ByteArrayInputStream(tar), root));
        assertEquals("invalid build context: \"../evil\" is outside of the context directory", e.getMessage());
        assertFalse(Files.exists(dir.resolve("evil")));
    }

    @Test
    void absoluteNamesAreReRootedAndDotDotInsideIsCleaned() throws Exception {
        Path root = Files.createDirectories(dir.resolve("ctx"));
        ContextArchive.extract(new ByteArrayInputStream(new Tar().file("/etc/passwd", "p").file("a/../b", "b").bytes()), root);
        assertEquals("p", Files.readString(root.resolve("etc/passwd")));
        assertEquals("b", Files.readString(root.resolve("b")));
    }

    @Test
    void nothingIsWrittenThroughASymbolicLink() throws Exception {
        Path root = Files.createDirectories(dir.resolve("ctx"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        byte[] tar = new Tar().symlink("link", outside.toString()).file("link/file", "x").bytes();
        assertThrows(ContextArchive.UnsafeEntryException.class, () -> ContextArchive.extract(new ByteArrayInputStream(tar), root));
        assertFalse(Files.exists(outside.resolve("file")));
        // a file entry replaces a symbolic link instead of writing through it
        Path root2 = Files.createDirectories(dir.resolve("ctx2"));
        ContextArchive.extract(new ByteArrayInputStream(new Tar().symlink("f", outside.resolve("target").toString())
                .file("f", "inside").bytes()), root2);
        assertEquals("inside", Files.readString(root2.resolve("f")));
        assertFalse(Files.exists(outside.resolve("target")));
    }

    @Test
    void compressedContextsAreDetected() throws Exception {
        byte[] tar = new Tar().file("Dockerfile", "FROM busybox\n").bytes();
        ByteArrayOutputStream xz = new ByteArrayOutputStream();
        try (XZCompressorOutputStream out = new XZCompressorOutputStream(xz)) {
            out.write(tar);
        }
        try (BuildContext context = BuildContext.unpack(new ByteArrayInputStream(xz.toByteArray()), dir.resolve("b1"))) {
            assertEquals("FROM busybox\n", context.readDockerfileAndFilter("Dockerfile"));
        }
        assertFalse(Files.exists(dir.resolve("b1")), "closing removes the build directory");
    }

    @Test
    void dockerignoreRemovesWhatCopyMustNotSee() throws Exception {
        byte[] tar = new Tar().file("Dockerfile", "FROM busybox\n").file(".dockerignore", "ignored.txt\nlogs\n!logs/keep\nDockerfile\n")
                .file("app.py", "a").file("ignored.txt", "i").file("logs/a.log", "l").file("logs/keep", "k")
                .file("sub/ignored.txt", "kept: the pattern is anchored").bytes();
        try (BuildContext context = BuildContext.unpack(new ByteArrayInputStream(tar), dir.resolve("b2"))) {
            assertEquals("FROM busybox\n", context.readDockerfileAndFilter("Dockerfile"), "the Dockerfile is read before");
            Path root = context.root();
            assertTrue(Files.exists(root.resolve("app.py")));
            assertFalse(Files.exists(root.resolve("ignored.txt")));
            assertFalse(Files.exists(root.resolve("Dockerfile")));
            assertFalse(Files.exists(root.resolve("logs/a.log")));
            assertTrue(Files.exists(root.resolve("logs/keep")));
            assertTrue(Files.exists(root.resolve("sub/ignored.txt")));
            assertTrue(Files.exists(root.resolve(".dockerignore")));
        }
    }

    @Test
    void aMissingDockerfileIsDockersError() throws Exception {
        try (BuildContext context = BuildContext.unpack(new ByteArrayInputStream(new Tar().file("dockerfile", "FROM a\n").bytes()),
                dir.resolve("b3"))) {
            assertEquals("FROM a\n", context.readDockerfileAndFilter("Dockerfile"), "Dockerfile falls back to dockerfile");
            var e = assertThrows(dev.berth.gateway.api.DockerApiException.class, () -> context.readDockerfileAndFilter("other"));
            assertEquals("Cannot locate specified Dockerfile: other", e.getMessage());
        }
    }

    @Test
    void addUnpacksOnlyWhatReadsAsATar() throws Exception {
        Path plain = dir.resolve("plain.txt");
        Files.writeString(plain, "just text\n".repeat(100));
        assertFalse(ContextArchive.isArchive(plain));
        Path gz = dir.resolve("a.tar.gz");
        try (var out = new org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream(Files.newOutputStream(gz))) {
            out.write(new Tar().file("inside/a.txt", "a").bytes());
        }
        assertTrue(ContextArchive.isArchive(gz));
        Path empty = dir.resolve("empty");
        Files.createFile(empty);
        assertFalse(ContextArchive.isArchive(empty));
    }

    @Test
    void wildcardsMatchAsGoPathMatch() {
        assertTrue(GlobMatch.matches("requirements.txt*", "requirements.txt"));
        assertTrue(GlobMatch.matches("*.py", "app.py"));
        assertFalse(GlobMatch.matches("*.py", "sub/app.py"));
        assertTrue(GlobMatch.matches("sub/*.txt", "sub/inner.txt"));
        assertTrue(GlobMatch.matches("file[0-9]", "file3"));
        assertFalse(GlobMatch.matches("file[^0-9]", "file3"));
        assertTrue(GlobMatch.matches("a?c", "abc"));
    }
}
