package dev.berth.snapshot;

import dev.berth.snapshot.apply.LayerStreams;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Reads layer blobs back for assertions. */
final class TarEntries {
    private TarEntries() {}

    /** The tar inside a blob (gzip and zstd undone). */
    static byte[] uncompressed(byte[] blob) throws IOException {
        try (InputStream in = LayerStreams.decompress(new ByteArrayInputStream(blob))) {
            return in.readAllBytes();
        }
    }

    /**
     * One line per entry, in order: "name type mode uid:gid", then 'content' for files, "-> target"
     * for links, "major,minor" for devices, and the extended attributes as key=value.
     */
    static List<String> describe(byte[] blob) throws IOException {
        List<String> lines = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(uncompressed(blob)), "UTF-8")) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                StringBuilder line = new StringBuilder(entry.getName()).append(' ').append(type(entry))
                        .append(String.format(" %04o %d:%d", entry.getMode() & 07777, entry.getLongUserId(), entry.getLongGroupId()));
                if (entry.isLink() || entry.isSymbolicLink()) {
                    line.append(" -> ").append(entry.getLinkName());
                } else if (entry.isCharacterDevice() || entry.isBlockDevice()) {
                    line.append(' ').append(entry.getDevMajor()).append(',').append(entry.getDevMinor());
                } else if (entry.isFile()) {
                    line.append(" '").append(new String(tar.readAllBytes(), StandardCharsets.UTF_8)).append('\'');
                }
                Map<String, String> xattrs = new TreeMap<>();
                entry.getExtraPaxHeaders().forEach((key, value) -> {
                    if (key.startsWith("SCHILY.xattr.")) {
                        xattrs.put(key.substring("SCHILY.xattr.".length()), value);
                    }
                });
                xattrs.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
                lines.add(line.toString());
            }
        }
        return lines;
    }

    /** The modification time (seconds) of the entry {@code name}. */
    static long mtime(byte[] blob, String name) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(uncompressed(blob)), "UTF-8")) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.getName().equals(name)) {
                    return entry.getLastModifiedTime().toInstant().getEpochSecond();
                }
            }
        }
        throw new AssertionError("no entry " + name);
    }

    private static String type(TarArchiveEntry entry) {
        if (entry.isDirectory()) {
            return "dir";
        } else if (entry.isLink()) {
            return "link";
        } else if (entry.isSymbolicLink()) {
            return "symlink";
        } else if (entry.isCharacterDevice()) {
            return "char";
        } else if (entry.isBlockDevice()) {
            return "block";
        } else if (entry.isFIFO()) {
            return "fifo";
        }
        return "file";
    }
}
