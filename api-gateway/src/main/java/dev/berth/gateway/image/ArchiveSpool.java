package dev.berth.gateway.image;

import dev.berth.dockerfile.ignore.GoPath;
import dev.berth.gateway.api.DockerApiException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An image archive (possibly gzip, bzip2 or xz compressed, as docker load takes it) written to a
 * scratch directory, each regular file under a number of its own rather than its name: names from
 * the archive are untrusted, so they are only keys, cleaned and kept inside the archive's root,
 * and symbolic links (the old save format links shared layers) resolve to other entries, never to
 * files of the host.
 */
final class ArchiveSpool {
    private static final int MAX_LINK_HOPS = 16;
    /** Small documents read whole (manifest.json, configs) are capped; layers are streamed. */
    private static final int MAX_DOCUMENT = 16 << 20;

    private final Map<String, Path> files = new HashMap<>();
    private final Map<String, String> links = new HashMap<>();

    private ArchiveSpool() {}

    static ArchiveSpool read(InputStream archive, Path dir) throws IOException {
        ArchiveSpool spool = new ArchiveSpool();
        int next = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(ArchiveStreams.decompressed(archive))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                String name = clean(entry.getName());
                if (name.isEmpty() || entry.isDirectory()) {
                    continue;
                }
                if (entry.isSymbolicLink()) {
                    String parent = name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) : "";
                    String target = entry.getLinkName().startsWith("/") ? entry.getLinkName() : parent + entry.getLinkName();
                    spool.links.put(name, clean(target));
                } else if (entry.isLink()) {
                    spool.links.put(name, clean(entry.getLinkName()));
                } else if (entry.isFile()) {
                    Path file = dir.resolve(Integer.toString(next++));
                    Files.copy(tar, file);
                    spool.files.put(name, file);
                }
            }
        } catch (IOException e) {
            if (e instanceof java.nio.file.FileSystemException) {
                throw e;
            }
            throw DockerApiException.badRequest("invalid archive: " + e.getMessage());
        }
        return spool;
    }

    boolean has(String name) {
        return find(name) != null;
    }

    InputStream open(String name) throws IOException {
        Path file = find(name);
        if (file == null) {
            throw DockerApiException.badRequest("invalid archive: " + name + " is missing");
        }
        return Files.newInputStream(file);
    }

    byte[] read(String name) throws IOException {
        try (InputStream in = open(name)) {
            byte[] data = in.readNBytes(MAX_DOCUMENT + 1);
            if (data.length > MAX_DOCUMENT) {
                throw DockerApiException.badRequest("invalid archive: " + name + " is larger than " + MAX_DOCUMENT + " bytes");
            }
            return data;
        }
    }

    private Path find(String name) {
        String current = clean(name);
        for (int hops = 0; hops <= MAX_LINK_HOPS; hops++) {
            Path file = files.get(current);
            if (file != null) {
                return file;
            }
            String target = links.get(current);
            if (target == null) {
                return null;
            }
            current = target;
        }
        return null;
    }

    /** The name relative to the archive's root: "." and ".." resolved, never above the root. */
    static String clean(String name) {
        // cleaned as a rooted path, ".." cannot climb above the root
        return GoPath.clean("/" + name).substring(1);
    }
}
