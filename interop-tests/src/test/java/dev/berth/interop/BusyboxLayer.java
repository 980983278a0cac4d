package dev.berth.interop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * An uncompressed image layer (OCI {@code application/vnd.oci.image.layer.v1.tar}) made from the
 * host's static busybox: {@code bin/busybox} and the applets the tests use as symbolic links to it,
 * plus the directories runc mounts over. Deterministic: the same busybox gives the same bytes.
 */
final class BusyboxLayer {
    static final List<String> APPLETS = List.of("sh", "echo", "cat", "ls", "sleep", "true");
    private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");

    private BusyboxLayer() {
    }

    static byte[] tar(Path busybox) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (String dir : List.of("bin/", "dev/", "etc/", "proc/", "sys/", "tmp/")) {
                TarArchiveEntry entry = new TarArchiveEntry(dir);
                entry.setMode(dir.equals("tmp/") ? 01777 : 0755);
                stamp(entry);
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
            byte[] binary = Files.readAllBytes(busybox);
            TarArchiveEntry file = new TarArchiveEntry("bin/busybox");
            file.setMode(0755);
            file.setSize(binary.length);
            stamp(file);
            tar.putArchiveEntry(file);
            tar.write(binary);
            tar.closeArchiveEntry();
            for (String applet : APPLETS) {
                TarArchiveEntry link = new TarArchiveEntry("bin/" + applet, TarArchiveEntry.LF_SYMLINK);
                link.setLinkName("busybox");
                link.setMode(0777);
                stamp(link);
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
            }
            TarArchiveEntry passwd = new TarArchiveEntry("etc/passwd");
            byte[] passwdBytes = "root:x:0:0:root:/:/bin/sh\n".getBytes();
            passwd.setMode(0644);
            passwd.setSize(passwdBytes.length);
            stamp(passwd);
            tar.putArchiveEntry(passwd);
            tar.write(passwdBytes);
            tar.closeArchiveEntry();
            tar.finish();
        }
        return bytes.toByteArray();
    }

    private static void stamp(TarArchiveEntry entry) {
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setModTime(EPOCH.toEpochMilli());
    }
}
