package dev.berth.cli.build;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Date;
import java.util.HexFormat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * docker's AddDockerfileToBuildContext: a Dockerfile from stdin or from outside the context is
 * added to the context's tar as ".dockerfile.<20 hex>", and that name appended to .dockerignore
 * (created when missing) so the daemon does not copy it into the image with "COPY . .".
 */
public final class DockerfileInjector {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] dockerfile;
    private final String name;

    private DockerfileInjector(byte[] dockerfile, String name) {
        this.dockerfile = dockerfile;
        this.name = name;
    }

    /** @param dockerfile the Dockerfile's content, read whole as docker reads it */
    public static DockerfileInjector of(byte[] dockerfile) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        return new DockerfileInjector(dockerfile, ".dockerfile." + HexFormat.of().formatHex(random));
    }

    /** The generated name, which is what the build's dockerfile parameter names. */
    public String name() {
        return name;
    }

    /** Copies the context tar, rewriting .dockerignore, then appends what it did not contain. */
    public void rewrite(InputStream context, OutputStream out) throws IOException {
        Date now = new Date();
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        boolean ignoreFileSeen = false;
        try (TarArchiveInputStream in = new TarArchiveInputStream(context, "UTF-8")) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (entry.getName().equals(".dockerignore")) {
                    ignoreFileSeen = true;
                    ByteArrayOutputStream content = new ByteArrayOutputStream();
                    in.transferTo(content);
                    content.write(("\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
                    put(tar, copyOf(entry), content.toByteArray());
                } else if (!entry.getName().equals(name)) {
                    tar.putArchiveEntry(entry);
                    in.transferTo(tar);
                    tar.closeArchiveEntry();
                }
            }
        }
        put(tar, generated(name, now), dockerfile);
        if (!ignoreFileSeen) {
            put(tar, generated(".dockerignore", now), (".dockerignore\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
        }
        tar.finish();
        tar.flush();
    }

    /** The original header (kept, as docker keeps it) in a new entry: the reader still needs its size to skip. */
    private static TarArchiveEntry copyOf(TarArchiveEntry original) {
        TarArchiveEntry copy = new TarArchiveEntry(original.getName());
        copy.setMode(original.getMode());
        copy.setModTime(original.getModTime());
        copy.setUserId(original.getLongUserId());
        copy.setGroupId(original.getLongGroupId());
        copy.setUserName(original.getUserName());
        copy.setGroupName(original.getGroupName());
        return copy;
    }

    private static TarArchiveEntry generated(String entryName, Date now) {
        TarArchiveEntry entry = new TarArchiveEntry(entryName);
        entry.setMode(0600);
        entry.setModTime(now);
        entry.setUserName("");
        entry.setGroupName("");
        entry.setUserId(0);
        entry.setGroupId(0);
        return entry;
    }

    private static void put(TarArchiveOutputStream tar, TarArchiveEntry entry, byte[] content) throws IOException {
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
