package dev.berth.gateway.build;

import dev.berth.dockerfile.ignore.GoPath;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.ContainerService;
import dev.berth.gateway.container.PathStat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Files into a step's container through the archive API docker cp uses (ContainerService.stat and
 * extract): missing directories made as moby's MkdirAllAndChownNew makes them, and tars of the
 * sources with the owner and names the copy asks for, staged in the build's scratch directory.
 */
final class StepFiles {
    /** Go's os.ModeDir in the archive stat's mode. */
    private static final long GO_MODE_DIR = 1L << 31;

    private final ContainerService containers;
    private final Path scratch;
    private int count;

    StepFiles(ContainerService containers, Path scratch) {
        this.containers = containers;
        this.scratch = scratch;
    }

    /** Whether {@code path} exists in the container, and is a directory; null when missing. */
    Boolean isDirectory(String container, String path) {
        try {
            PathStat stat = containers.statPath(container, path);
            return (stat.mode() & GO_MODE_DIR) != 0;
        } catch (DockerApiException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }

    /** Creates {@code directory} and its missing parents (mode 0755, owned by uid:gid); existing ones are left as they are. */
    void mkdirAll(String container, String directory, int uid, int gid) throws IOException {
        String path = GoPath.clean("/" + directory);
        List<String> missing = new ArrayList<>();
        String existing = path;
        while (!existing.equals("/")) {
            Boolean dir = isDirectory(container, existing);
            if (dir != null) {
                if (!dir) {
                    throw new BuildFailure("failed to copy files: mkdir " + path + ": not a directory");
                }
                break;
            }
            missing.addFirst(existing.substring(existing.lastIndexOf('/') + 1));
            existing = GoPath.dir(existing);
        }
        if (missing.isEmpty()) {
            return;
        }
        Path tar = newTar();
        try (TarArchiveOutputStream out = tarOut(tar)) {
            StringBuilder name = new StringBuilder();
            for (String part : missing) {
                name.append(part).append('/');
                TarArchiveEntry entry = new TarArchiveEntry(name.toString());
                entry.setMode(040755);
                entry.setIds(uid, gid);
                out.putArchiveEntry(entry);
                out.closeArchiveEntry();
            }
        }
        extract(container, existing, tar);
    }

    /** One file (or symbolic link) copied as {@code name} into the directory {@code into}. */
    void copyFile(String container, Path source, String into, String name, Integer uid, Integer gid) throws IOException {
        Path tar = newTar();
        try (TarArchiveOutputStream out = tarOut(tar)) {
            // a file named by a symbolic link is copied as the file it points at (moby's CopyFileWithTar)
            add(out, source, name, uid, gid, true);
        }
        extract(container, into, tar);
    }

    /** A directory's contents copied into the directory {@code into}. */
    void copyContents(String container, Path source, String into, Integer uid, Integer gid) throws IOException {
        Path tar = newTar();
        try (TarArchiveOutputStream out = tarOut(tar); Stream<Path> tree = Files.walk(source)) {
            for (Path p : tree.sorted().toList()) {
                if (!p.equals(source)) {
                    add(out, p, source.relativize(p).toString(), uid, gid, false);
                }
            }
        }
        extract(container, into, tar);
    }

    /** A tar stream (an ADD archive) extracted into {@code into} as it is. */
    void extractArchive(String container, String into, InputStream tar) {
        containers.extract(container, into, tar, false);
    }

    private void add(TarArchiveOutputStream out, Path file, String name, Integer uid, Integer gid, boolean follow)
            throws IOException {
        LinkOption[] options = follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        boolean link = !follow && Files.isSymbolicLink(file);
        boolean directory = !link && Files.isDirectory(file, options);
        TarArchiveEntry entry;
        if (link) {
            entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            entry.setLinkName(Files.readSymbolicLink(file).toString());
        } else if (directory) {
            entry = new TarArchiveEntry(name + "/");
        } else {
            entry = new TarArchiveEntry(name);
            entry.setSize(Files.size(file));
        }
        Path real = follow ? file.toRealPath() : file;
        int mode = link ? 0777 : ModeBits.of(real);
        entry.setMode((directory ? 040000 : link ? 0120000 : 0100000) | mode);
        entry.setIds(uid != null ? uid : ModeBits.uid(real), gid != null ? gid : ModeBits.gid(real));
        if (!link) {
            entry.setModTime(Files.getLastModifiedTime(real).toMillis());
        }
        out.putArchiveEntry(entry);
        if (!link && !directory) {
            Files.copy(real, out);
        }
        out.closeArchiveEntry();
    }

    private void extract(String container, String into, Path tar) throws IOException {
        try (InputStream in = Files.newInputStream(tar)) {
            containers.extract(container, into, in, false);
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    private Path newTar() throws IOException {
        Files.createDirectories(scratch);
        return scratch.resolve("copy-" + (++count) + ".tar");
    }

    private static TarArchiveOutputStream tarOut(Path file) throws IOException {
        TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(file));
        out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        return out;
    }
}
