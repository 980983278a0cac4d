package dev.berth.snapshot.tar;

import static dev.berth.snapshot.tar.RawTar.header;
import static dev.berth.snapshot.tar.RawTar.records;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class LayerTarReaderTest {
    /** A v3 security.capability value: binary, with bytes that are no valid UTF-8. */
    static final byte[] CAPABILITY = {0x01, 0x00, 0x00, 0x03, (byte) 0xff, (byte) 0xfe, 0x00, (byte) 0x80,
            0x00, 0x00, 0x00, 0x00, (byte) 0xc3, 0x28, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};

    @Test
    void ustarFieldsAndThePrefix() throws IOException {
        byte[] h = header("file", (byte) '0', 04755, 1000, 1001, 3, 1_600_000_000L, "", 0, 0);
        System.arraycopy("some/long/prefix".getBytes(StandardCharsets.US_ASCII), 0, h, 345, 16);
        RawTar.checksum(h);
        byte[] dev = header("dev/null", (byte) '3', 0666, 0, 0, 0, 0, "", 1, 3);
        List<TarEntry> entries = read(new RawTar().entry(h, "abc".getBytes(StandardCharsets.US_ASCII)).block(dev).end());
        TarEntry file = entries.getFirst();
        assertEquals("some/long/prefix/file", file.name());
        assertEquals(04755, file.mode());
        assertEquals(1000, file.uid());
        assertEquals(1001, file.gid());
        assertEquals(Instant.ofEpochSecond(1_600_000_000L), file.mtime());
        assertEquals(3, file.size());
        TarEntry device = entries.get(1);
        assertEquals(TarEntry.CHAR_DEVICE, device.type());
        assertEquals(1, device.devMajor());
        assertEquals(3, device.devMinor());
    }

    @Test
    void paxRecordsKeepBinaryValuesAndOverrideTheHeader() throws IOException {
        String longName = "d/" + "n".repeat(300);
        byte[] tar = new RawTar()
                .pax('g', records("SCHILY.xattr.user.global", "g", "path", "ignored-for-every-entry"))
                .pax('x', records("path", longName, "SCHILY.xattr.security.capability", CAPABILITY,
                        "mtime", "1600000000.123456789", "atime", "1700000000.5", "uid", "70000000000", "size", "2"))
                .entry(header("short", (byte) '0', 0644, 0, 0, 99, 0, "", 0, 0), "hi".getBytes(StandardCharsets.US_ASCII))
                .file("second", "x")
                .end().bytes();
        LayerTarReader reader = new LayerTarReader(new ByteArrayInputStream(tar));
        TarEntry first = reader.next();
        assertEquals(longName, first.name());
        assertArrayEquals(CAPABILITY, first.xattrs().get("security.capability"), "binary value byte for byte");
        assertArrayEquals("g".getBytes(StandardCharsets.US_ASCII), first.xattrs().get("user.global"));
        assertEquals(Instant.ofEpochSecond(1_600_000_000L, 123_456_789), first.mtime());
        assertEquals(Instant.ofEpochSecond(1_700_000_000L, 500_000_000), first.atime());
        assertEquals(70_000_000_000L, first.uid());
        assertEquals(2, first.size(), "pax size wins over the header's");
        assertEquals("hi", new String(reader.content().readAllBytes(), StandardCharsets.US_ASCII));
        TarEntry second = reader.next();
        assertEquals("second", second.name(), "a local pax header applies to one entry");
        assertEquals(java.util.Set.of("user.global"), second.xattrs().keySet(), "a global one to all that follow");
        assertNull(reader.next());
    }

    @Test
    void gnuLongNamesLinksAndBase256Numbers() throws IOException {
        String name = "x/".repeat(100) + "file";
        String link = "y/".repeat(100) + "target";
        byte[] h = header("cut", (byte) '2', 0777, 0, 0, 0, 0, "cut", 0, 0);
        System.arraycopy("ustar  \0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 8);
        h[108] = (byte) 0x80; // base-256 uid 2^32
        Arrays.fill(h, 109, 116, (byte) 0);
        h[111] = 1;
        RawTar.checksum(h);
        TarEntry entry = read(new RawTar().gnuLong('L', name).gnuLong('K', link).block(h).end()).getFirst();
        assertEquals(name, entry.name());
        assertEquals(link, entry.linkName());
        assertEquals(TarEntry.SYMLINK, entry.type());
        assertEquals(1L << 32, entry.uid());
    }

    @Test
    void readsWhatCommonsCompressWritesInGnuMode() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String longName = "dir/" + "a".repeat(150);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
            TarArchiveEntry e = new TarArchiveEntry(longName);
            e.setSize(5);
            e.setUserId(0x7fffffffL + 1);
            tar.putArchiveEntry(e);
            tar.write("hello".getBytes(StandardCharsets.US_ASCII));
            tar.closeArchiveEntry();
            TarArchiveEntry dir = new TarArchiveEntry("dir/");
            tar.putArchiveEntry(dir);
            tar.closeArchiveEntry();
        }
        LayerTarReader reader = new LayerTarReader(new ByteArrayInputStream(bytes.toByteArray()));
        TarEntry file = reader.next();
        assertEquals(longName, file.name());
        assertEquals(0x80000000L, file.uid());
        assertTrue(reader.next().isDirectory());
        assertNull(reader.next());
    }

    @Test
    void headerOnlyTypesHaveNoContentWhateverTheirSize() throws IOException {
        byte[] dir = header("d/", (byte) '5', 0755, 0, 0, 1024, 0, "", 0, 0); // size says 1024, nothing follows
        List<TarEntry> entries = read(new RawTar().block(dir).file("d/f", "f").end());
        assertEquals(List.of("d/", "d/f"), entries.stream().map(TarEntry::name).toList());
        assertEquals(0, entries.getFirst().size());
    }

    @Test
    void oldStyleEntriesAreFilesOrDirectories() throws IOException {
        List<TarEntry> entries = read(new RawTar()
                .block(header("olddir/", (byte) 0, 0755, 0, 0, 0, 0, "", 0, 0))
                .entry(header("contiguous", (byte) '7', 0644, 0, 0, 1, 0, "", 0, 0), new byte[] {'c'})
                .end());
        assertEquals(TarEntry.DIRECTORY, entries.get(0).type());
        assertEquals(TarEntry.REGULAR, entries.get(1).type());
    }

    @Test
    void aStreamWithoutEndBlocksEndsCleanly() throws IOException {
        assertEquals(1, read(new RawTar().file("f", "x")).size());
    }

    @Test
    void malformedInputIsInvalidArgument() {
        byte[] bad = header("f", (byte) '0', 0644, 0, 0, 0, 0, "", 0, 0);
        bad[0] = 'g';
        assertInvalid("checksum", () -> read(new RawTar().block(bad)));
        assertInvalid("checksum", () -> read(new RawTar().block("not a tar at all".repeat(40).getBytes(StandardCharsets.US_ASCII))));
        byte[] full = new RawTar().file("f", 0644, new byte[2000]).end().bytes();
        assertInvalid("unexpected EOF in the content of f", () -> readAll(Arrays.copyOf(full, 1000)));
        assertInvalid("unexpected EOF in a header", () -> readAll(Arrays.copyOf(full, 300)));
        byte[] hugePax = header("././@PaxHeader", (byte) 'x', 0644, 0, 0, 2L << 30, 0, "", 0, 0);
        assertInvalid("exceeds the limit", () -> read(new RawTar().block(hugePax)));
        assertInvalid("invalid pax record", () -> read(new RawTar().pax('x', records("mtime", "1e999999999")).file("f", "x")));
        byte[] badPax = "99 path=x\n".getBytes(StandardCharsets.US_ASCII);
        assertInvalid("invalid pax record", () -> read(new RawTar().entry(
                header("p", (byte) 'x', 0644, 0, 0, badPax.length, 0, "", 0, 0), badPax).file("f", "x")));
        assertInvalid("sparse", () -> read(new RawTar().pax('x', records("GNU.sparse.map", "0,1")).file("f", "x")));
        byte[] octal = header("f", (byte) '0', 0644, 0, 0, 0, 0, "", 0, 0);
        octal[124] = '9';
        RawTar.checksum(octal);
        assertInvalid("not an octal number", () -> read(new RawTar().block(octal)));
    }

    static void assertInvalid(String message, Executable read) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, read);
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains(message), e.getStatus().getDescription());
    }

    private static List<TarEntry> read(RawTar tar) throws IOException {
        return readAll(tar.bytes());
    }

    /** Every entry, reading each one's content to the end. */
    private static List<TarEntry> readAll(byte[] tar) throws IOException {
        LayerTarReader reader = new LayerTarReader(new ByteArrayInputStream(tar));
        List<TarEntry> entries = new ArrayList<>();
        TarEntry entry;
        while ((entry = reader.next()) != null) {
            entries.add(entry);
            reader.content().readAllBytes();
        }
        return entries;
    }
}
