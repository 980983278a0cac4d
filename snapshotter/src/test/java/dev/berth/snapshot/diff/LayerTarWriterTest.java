package dev.berth.snapshot.diff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

class LayerTarWriterTest {
    private static final byte[] CAPABILITY = {0x01, 0x00, 0x00, 0x02, (byte) 0x80, 0x00, 0x00, 0x00, (byte) 0xff, 0x00};

    private static TarHeader file(String name, long uid, long size, SortedMap<String, byte[]> xattrs) {
        return new TarHeader(name, TarHeader.REGULAR, 04755, uid, 7, size, 1_600_000_000L, "", 0, 0, xattrs);
    }

    @Test
    void writesWhatUstarCannotHoldAsPaxRecordsThatReadersUnderstand() throws IOException {
        String longName = "deep/" + "d".repeat(120) + "/file";
        String unicode = "données/été.txt";
        SortedMap<String, byte[]> xattrs = new TreeMap<>();
        xattrs.put("security.capability", CAPABILITY);
        xattrs.put("user.note", "hello".getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (LayerTarWriter tar = new LayerTarWriter(bytes)) {
            tar.write(file(longName, 3_000_000, 3, new TreeMap<>()), new ByteArrayInputStream("abc".getBytes(StandardCharsets.UTF_8)));
            tar.write(file(unicode, 0, 0, xattrs), null);
            tar.write(new TarHeader("dev/null", TarHeader.CHAR_DEVICE, 0666, 0, 0, 0, 0, "", 1, 3, new TreeMap<>()), null);
            tar.write(new TarHeader("lnk", TarHeader.SYMLINK, 0777, 0, 0, 0, 0, "/" + "t".repeat(150), 0, 0, new TreeMap<>()), null);
            tar.write(new TarHeader("dir/", TarHeader.DIRECTORY, 0700, 0, 0, 0, 0, "", 0, 0, new TreeMap<>()), null);
        }
        byte[] tar = bytes.toByteArray();
        assertEquals(0, tar.length % 512);

        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar), "UTF-8")) {
            TarArchiveEntry first = in.getNextEntry();
            assertEquals(longName, first.getName());
            assertEquals(3_000_000L, first.getLongUserId());
            assertEquals(7L, first.getLongGroupId());
            assertEquals(04755, first.getMode() & 07777);
            assertEquals(1_600_000_000L, first.getLastModifiedTime().toInstant().getEpochSecond());
            assertEquals("abc", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            TarArchiveEntry second = in.getNextEntry();
            assertEquals(unicode, second.getName());
            assertEquals("hello", second.getExtraPaxHeader("SCHILY.xattr.user.note"));
            TarArchiveEntry device = in.getNextEntry();
            assertTrue(device.isCharacterDevice());
            assertEquals(1, device.getDevMajor());
            assertEquals(3, device.getDevMinor());
            TarArchiveEntry link = in.getNextEntry();
            assertTrue(link.isSymbolicLink());
            assertEquals("/" + "t".repeat(150), link.getLinkName());
            assertTrue(in.getNextEntry().isDirectory());
            assertNull(in.getNextEntry());
        }
        // a binary attribute value is in the pax record byte for byte (Commons Compress would decode it as UTF-8)
        byte[] record = "SCHILY.xattr.security.capability=".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(tar, record);
        assertTrue(at > 0);
        assertArrayEquals(CAPABILITY, Arrays.copyOfRange(tar, at + record.length, at + record.length + CAPABILITY.length));
        assertEquals('\n', tar[at + record.length + CAPABILITY.length]);
        int lengthStart = at / 512 * 512; // the first record (keys are sorted, "SCHILY" < "path") starts the block
        String declared = new String(tar, lengthStart, at - lengthStart - 1, StandardCharsets.US_ASCII);
        int recordLength = at + record.length + CAPABILITY.length + 1 - lengthStart;
        assertEquals(Integer.toString(recordLength), declared, "a pax record's length counts the whole record");
    }

    @Test
    void contentShorterThanItsHeaderFailsTheEntry() {
        LayerTarWriter tar = new LayerTarWriter(new ByteArrayOutputStream());
        assertThrows(IOException.class, () -> tar.write(file("f", 0, 10, new TreeMap<>()), new ByteArrayInputStream(new byte[3])));
    }

    @Test
    void checksumsAreThoseOfUstar() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (LayerTarWriter tar = new LayerTarWriter(bytes)) {
            tar.write(TarHeader.whiteout("a/.wh.b"), null);
        }
        byte[] header = Arrays.copyOf(bytes.toByteArray(), 512);
        String stored = new String(header, 148, 6, StandardCharsets.US_ASCII);
        Arrays.fill(header, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        assertEquals(String.format("%06o", sum), stored);
        assertEquals("ustar", new String(header, 257, 5, StandardCharsets.US_ASCII));
        assertEquals("0000000", new String(header, 100, 7, StandardCharsets.US_ASCII), "whiteouts have mode 0");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
