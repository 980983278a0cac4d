package dev.berth.cli.build;

import dev.berth.dockerfile.ignore.IgnoreMatcher;
import dev.berth.dockerfile.ignore.IgnorePatternException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * docker's GetContextFromReader for "berth build -": stdin is either an archive (a tar, possibly
 * compressed, sent as it is) or a Dockerfile alone, which becomes a one-file context.
 */
public final class StdinContext {
    private static final int ARCHIVE_HEADER_SIZE = 512;

    private StdinContext() {
    }

    /** The context to send and the Dockerfile's name in it ("" lets the daemon use its default). */
    public record Context(InputStream archive, String dockerfile) {
    }

    public static Context read(InputStream stdin, String dockerfileName) throws IOException, BuildFailure {
        BufferedInputStream in = new BufferedInputStream(stdin, ARCHIVE_HEADER_SIZE * 4);
        in.mark(ARCHIVE_HEADER_SIZE * 2);
        byte[] magic = in.readNBytes(ARCHIVE_HEADER_SIZE * 2);
        in.reset();
        if (isArchive(magic)) {
            return new Context(in, dockerfileName);
        }
        if (dockerfileName.equals("-")) {
            throw new BuildFailure("build context is not an archive");
        }
        if (!dockerfileName.isEmpty()) {
            throw new BuildFailure("ambiguous Dockerfile source: both stdin and flag correspond to Dockerfiles");
        }
        // as docker: the Dockerfile is written to a temporary directory, which is archived and then removed
        Path directory = Files.createTempDirectory("docker-build-tempdockerfile-");
        try (InputStream content = in) {
            Files.copy(content, directory.resolve(ContextDirectory.DEFAULT_DOCKERFILE));
        } catch (IOException e) {
            removeTree(directory);
            throw e;
        }
        IgnoreMatcher nothing;
        try {
            nothing = IgnoreMatcher.of(List.of());
        } catch (IgnorePatternException impossible) {
            throw new IllegalStateException(impossible);
        }
        InputStream archive = ProducedStream.start("berth-build-stdin", out -> {
            try {
                ContextArchiver.write(directory, nothing, false, out);
            } finally {
                removeTree(directory);
            }
        });
        return new Context(archive, ContextDirectory.DEFAULT_DOCKERFILE);
    }

    /** isArchive: the magic of a compression docker reads, or a first tar header whose checksum holds. */
    static boolean isArchive(byte[] header) {
        if (startsWith(header, 0x1f, 0x8b, 0x08) || startsWith(header, 'B', 'Z', 'h')
                || startsWith(header, 0xfd, '7', 'z', 'X', 'Z', 0x00) || startsWith(header, 0x28, 0xb5, 0x2f, 0xfd)) {
            return true;
        }
        return validTarHeader(header);
    }

    private static boolean startsWith(byte[] data, int... magic) {
        if (data.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((data[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** Go's tar reader accepts a header whose stored checksum equals the unsigned or signed byte sum. */
    private static boolean validTarHeader(byte[] data) {
        if (data.length < ARCHIVE_HEADER_SIZE) {
            return false;
        }
        boolean zero = true;
        for (int i = 0; i < ARCHIVE_HEADER_SIZE && zero; i++) {
            zero = data[i] == 0;
        }
        if (zero) {
            return false; // an empty archive reads as io.EOF: not an archive to docker
        }
        String field = new String(data, 148, 8, StandardCharsets.ISO_8859_1).replace("\0", " ").strip();
        long stored;
        try {
            stored = Long.parseLong(field, 8);
        } catch (NumberFormatException e) {
            return false;
        }
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < ARCHIVE_HEADER_SIZE; i++) {
            int b = i >= 148 && i < 156 ? ' ' : data[i];
            unsigned += b & 0xff;
            signed += (byte) b;
        }
        return stored == unsigned || stored == signed;
    }

    private static void removeTree(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
