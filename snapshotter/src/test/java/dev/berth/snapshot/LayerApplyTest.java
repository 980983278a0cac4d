package dev.berth.snapshot;

import static dev.berth.snapshot.DiffServiceTest.TAR;
import static dev.berth.snapshot.DiffServiceTest.unpack;
import static dev.berth.snapshot.tar.RawTar.header;
import static dev.berth.snapshot.tar.RawTar.records;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.common.posix.Posix;
import dev.berth.snapshot.tar.RawTar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Everything a layer entry carries lands on disk, whatever the layer's compression. */
class LayerApplyTest {
    /** A VFS_CAP_REVISION_2 security.capability (cap_net_bind_service, cap_setfcap): binary, not UTF-8. */
    static final byte[] CAPABILITY = {0x01, 0x00, 0x00, 0x02, 0x00, 0x04, 0x00, (byte) 0x80, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    static final byte[] BINARY_USER_XATTR = {(byte) 0xff, 0x00, (byte) 0xc3, 0x28, '\n', '='};
    static final long T1 = 1_500_000_000L;
    static final long T2 = 1_400_000_000L;

    @TempDir
    Path dir;

    @BeforeAll
    static void needsRoot() {
        RootPrerequisites.require();
    }

    static byte[] everyKindOfEntry() {
        String longName = "d/" + "deep/".repeat(40) + "long-file";
        return new RawTar()
                .node("d/", '5', 02755, 1, 2, T1, "")
                .pax('x', records("SCHILY.xattr.security.capability", CAPABILITY, "SCHILY.xattr.user.binary",
                        BINARY_USER_XATTR, "mtime", "1600000000.25", "atime", "1700000000.75"))
                .entry(header("d/setuid", (byte) '0', 04755, 1000, 1000, 1, T1, "", 0, 0), new byte[] {'x'})
                .node("d/hard", '1', 0644, 0, 0, T1, "d/setuid")
                .block(header("d/null", (byte) '3', 0666, 0, 0, 0, T1, "", 1, 3))
                .block(header("d/loop", (byte) '4', 0660, 0, 6, 0, T1, "", 7, 0))
                .node("d/fifo", '6', 0640, 5, 5, T1, "")
                .node("d/link", '2', 0777, 1000, 1001, T2, "setuid")
                .node("d/sticky/", '5', 01777, 0, 0, T2, "")
                .pax('x', records("path", longName))
                .entry(header("cut-name", (byte) '0', 0600, 0, 0, 4, T1, "", 0, 0), "long".getBytes(StandardCharsets.US_ASCII))
                .gnuLong('L', "d/gnu-" + "g".repeat(150))
                .entry(header("cut", (byte) '0', 0644, 0, 0, 3, T1, "", 0, 0), "gnu".getBytes(StandardCharsets.US_ASCII))
                .end().bytes();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "+gzip", "+zstd"})
    void everyAttributeOfEveryEntryIsApplied(String compression) throws Exception {
        byte[] tar = everyKindOfEntry();
        byte[] blob = switch (compression) {
            case "+gzip" -> TarBuilder.gzip(tar);
            case "+zstd" -> TarBuilder.zstd(tar);
            default -> tar;
        };
        try (Stack stack = Stack.start(dir)) {
            assertEquals(InMemoryContent.sha256(tar), unpack(stack, "layer", "", TAR + compression, blob).getDigest());
            Path d = stack.snapshotter.dirs().fs(1).resolve("d");

            assertEquals(02755, mode(d) & 07777);
            assertEquals(1, Files.getAttribute(d, "unix:uid"));
            assertEquals(2, Files.getAttribute(d, "unix:gid"));
            assertEquals(FileTime.from(Instant.ofEpochSecond(T1)), Files.getLastModifiedTime(d),
                    "a directory's time is set after its contents were written");

            Path setuid = d.resolve("setuid");
            assertEquals(0104755, mode(setuid), "set-id bits survive the chown before them");
            assertEquals(1000, Files.getAttribute(setuid, "unix:uid"));
            assertArrayEquals(CAPABILITY, Posix.getXattr(setuid, "security.capability"), "binary xattr byte for byte");
            assertArrayEquals(BINARY_USER_XATTR, Posix.getXattr(setuid, "user.binary"));
            assertEquals(FileTime.from(Instant.ofEpochSecond(1_600_000_000L, 250_000_000)), Files.getLastModifiedTime(setuid));
            assertEquals(FileTime.from(Instant.ofEpochSecond(1_700_000_000L, 750_000_000)),
                    Files.getAttribute(setuid, "lastAccessTime"));
            assertEquals(Files.getAttribute(setuid, "unix:ino"), Files.getAttribute(d.resolve("hard"), "unix:ino"));
            assertEquals(2, Files.getAttribute(setuid, "unix:nlink"));

            assertEquals(0020666, mode(d.resolve("null")));
            assertEquals(Posix.makedev(1, 3), ((Number) Files.getAttribute(d.resolve("null"), "unix:rdev")).longValue());
            assertEquals(0060660, mode(d.resolve("loop")));
            assertEquals(Posix.makedev(7, 0), ((Number) Files.getAttribute(d.resolve("loop"), "unix:rdev")).longValue());
            assertEquals(6, Files.getAttribute(d.resolve("loop"), "unix:gid"));
            assertEquals(0010640, mode(d.resolve("fifo")));
            assertEquals(5, Files.getAttribute(d.resolve("fifo"), "unix:uid", LinkOption.NOFOLLOW_LINKS));

            Path link = d.resolve("link");
            assertEquals(Path.of("setuid"), Files.readSymbolicLink(link));
            assertEquals(1000, Files.getAttribute(link, "unix:uid", LinkOption.NOFOLLOW_LINKS), "lchown, not chown");
            assertEquals(1001, Files.getAttribute(link, "unix:gid", LinkOption.NOFOLLOW_LINKS));
            assertEquals(1000, Files.getAttribute(setuid, "unix:gid"), "the link's target keeps its owner");
            assertEquals(FileTime.from(Instant.ofEpochSecond(T2)), Files.getLastModifiedTime(link, LinkOption.NOFOLLOW_LINKS));

            assertEquals(01777, mode(d.resolve("sticky")) & 07777);
            assertEquals("long", Files.readString(d.resolve("deep/".repeat(40) + "long-file")), "pax path");
            assertEquals("gnu", Files.readString(d.resolve("gnu-" + "g".repeat(150))), "GNU long name");
        }
    }

    private static int mode(Path path) throws Exception {
        return (int) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }

}
