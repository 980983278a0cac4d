package dev.berth.cli.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A local build context as docker's GetContextFromLocalDir finds it: the context directory made
 * absolute with its symlinks resolved, and the Dockerfile's path relative to it ("Dockerfile",
 * "sub/Dockerfile.dev", or "../elsewhere/Dockerfile" when -f names a file outside the context).
 */
public record ContextDirectory(Path root, String relativeDockerfile) {
    static final String DEFAULT_DOCKERFILE = "Dockerfile";

    /** Whether the Dockerfile lies outside the context, so it has to be added to the tar under another name. */
    public boolean dockerfileOutside() {
        return relativeDockerfile.startsWith("../");
    }

    /**
     * @param dockerfileName -f as given: "" for the default, "-" for stdin, else a path relative
     *                       to the current directory (not the context), as docker's CLI takes it
     * @throws BuildFailure with docker's message, which the caller prefixes with "unable to prepare context: "
     */
    public static ContextDirectory resolve(Path workingDirectory, String contextPath, String dockerfileName) throws BuildFailure {
        Path root = resolveRoot(workingDirectory, contextPath);
        String given = dockerfileName;
        if (!given.isEmpty() && !given.equals("-")) {
            given = workingDirectory.resolve(given).normalize().toString();
        }
        return new ContextDirectory(root, relativeDockerfile(root, given));
    }

    private static Path resolveRoot(Path workingDirectory, String contextPath) throws BuildFailure {
        Path absolute = workingDirectory.resolve(contextPath).normalize();
        Path real;
        try {
            real = absolute.toRealPath();
        } catch (NoSuchFileException e) {
            throw new BuildFailure("unable to evaluate symlinks in context path: lstat " + firstMissing(absolute) + ": no such file or directory");
        } catch (IOException e) {
            throw new BuildFailure("unable to evaluate symlinks in context path: " + e.getMessage());
        }
        if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new BuildFailure("context must be a directory: " + real);
        }
        return real;
    }

    /** getDockerfileRelPath: the default also accepts "dockerfile" when there is no "Dockerfile". */
    private static String relativeDockerfile(Path root, String given) throws BuildFailure {
        if (given.equals("-")) {
            return given;
        }
        Path dockerfile;
        if (given.isEmpty()) {
            dockerfile = root.resolve(DEFAULT_DOCKERFILE);
            Path lower = root.resolve("dockerfile");
            if (!Files.exists(dockerfile, LinkOption.NOFOLLOW_LINKS) && Files.exists(lower, LinkOption.NOFOLLOW_LINKS)) {
                dockerfile = lower;
            }
        } else {
            dockerfile = root.resolve(given);
        }
        try {
            dockerfile = dockerfile.toRealPath();
        } catch (NoSuchFileException e) {
            // Go's EvalSymlinks fails first on a missing file, with lstat's words
            throw new BuildFailure("unable to evaluate symlinks in Dockerfile path: lstat " + firstMissing(dockerfile) + ": no such file or directory");
        } catch (IOException e) {
            throw new BuildFailure("unable to evaluate symlinks in Dockerfile path: " + e.getMessage());
        }
        Path relative = root.relativize(dockerfile);
        return relative.toString().replace('\\', '/');
    }

    /** The path Go's EvalSymlinks names when it fails: the first component that does not exist. */
    private static Path firstMissing(Path path) {
        Path prefix = path.getRoot();
        for (Path part : path) {
            prefix = prefix.resolve(part);
            if (!Files.exists(prefix, LinkOption.NOFOLLOW_LINKS)) {
                return prefix;
            }
        }
        return path;
    }
}
