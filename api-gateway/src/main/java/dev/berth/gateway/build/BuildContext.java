package dev.berth.gateway.build;

import dev.berth.gateway.image.ArchiveStreams;

import dev.berth.dockerfile.ignore.GoPath;
import dev.berth.dockerfile.ignore.IgnoreMatcher;
import dev.berth.dockerfile.ignore.IgnorePatternException;
import dev.berth.gateway.api.DockerApiException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A build's context on disk: {@code <dir>/context}, unpacked from the request body, the Dockerfile
 * read from it, and the .dockerignore applied as Docker's daemon applies it, so COPY never sees an
 * excluded file (the Dockerfile and .dockerignore themselves are read before, and go too when listed).
 * The whole directory (scratch files of the steps included) is removed by {@link #close}.
 */
public final class BuildContext implements AutoCloseable {
    private final Path dir;
    private final Path root;
    private String dockerfile;

    private BuildContext(Path dir) throws IOException {
        this.dir = dir;
        this.root = Files.createDirectories(dir.resolve("context"));
    }

    /** Unpacks {@code body} (a tar, maybe compressed) into {@code dir}; on failure nothing is left. */
    public static BuildContext unpack(InputStream body, Path dir) throws IOException {
        Files.createDirectories(dir);
        BuildContext context = new BuildContext(dir);
        try {
            ContextArchive.extract(ArchiveStreams.decompressed(body), context.root);
            return context;
        } catch (IOException | RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /**
     * Reads the Dockerfile ({@code name} relative to the context; "Dockerfile" falls back to
     * "dockerfile" as Docker does), then applies the .dockerignore.
     */
    public String readDockerfileAndFilter(String name) throws IOException {
        String requested = name == null || name.isEmpty() ? "Dockerfile" : name;
        Path file = inContext(requested);
        if ((file == null || !Files.isRegularFile(file)) && requested.equals("Dockerfile")) {
            file = inContext("dockerfile");
        }
        if (file == null || !Files.isRegularFile(file)) {
            throw DockerApiException.badRequest("Cannot locate specified Dockerfile: " + requested);
        }
        dockerfile = Files.readString(file, StandardCharsets.UTF_8);
        Path ignore = root.resolve(".dockerignore");
        if (Files.isRegularFile(ignore, LinkOption.NOFOLLOW_LINKS)) {
            IgnoreMatcher matcher;
            try {
                matcher = IgnoreMatcher.fromIgnoreFile(Files.readString(ignore, StandardCharsets.UTF_8));
            } catch (IgnorePatternException e) {
                throw DockerApiException.badRequest(e.getMessage());
            }
            applyIgnore(matcher);
        }
        return dockerfile;
    }

    /** A path in the context, null when it would leave it or cross a symbolic link on the way. */
    private Path inContext(String name) {
        String cleaned = GoPath.clean("/" + name.replace('\\', '/')).substring(1);
        if (cleaned.isEmpty()) {
            return null;
        }
        Path current = root;
        for (String part : cleaned.split("/")) {
            current = current.resolve(part);
            if (Files.isSymbolicLink(current)) {
                return null;
            }
        }
        return current;
    }

    private void applyIgnore(IgnoreMatcher matcher) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attrs) throws IOException {
                if (directory.equals(root)) {
                    return FileVisitResult.CONTINUE;
                }
                switch (matcher.decide(relative(directory), true)) {
                    case SKIP_DIRECTORY -> {
                        ContextArchive.deleteTree(directory);
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    default -> {
                        return FileVisitResult.CONTINUE;
                    }
                }
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (matcher.decide(relative(file), false) != IgnoreMatcher.Decision.INCLUDE) {
                    Files.delete(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private String relative(Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }

    /** The unpacked context (the source of COPY and ADD). */
    public Path root() {
        return root;
    }

    /** Room for the steps' scratch files (sources of COPY --from, downloads), removed with the context. */
    public Path scratch(String name) throws IOException {
        return Files.createDirectories(dir.resolve("scratch").resolve(name));
    }

    public String dockerfile() {
        return dockerfile;
    }

    @Override
    public void close() {
        try {
            ContextArchive.deleteTree(dir);
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(BuildContext.class).warn("could not remove the build directory {}: {}", dir, e.getMessage());
        }
    }
}
