package dev.berth.cli.build;

import dev.berth.dockerfile.ignore.IgnoreFile;
import dev.berth.dockerfile.ignore.IgnoreMatcher;
import dev.berth.dockerfile.ignore.IgnorePatternException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** docker's build/dockerignore.go: the context's .dockerignore patterns, and the build files they may not drop. */
public final class BuildExcludes {
    private BuildExcludes() {
    }

    /** ReadDockerignore: no file means no patterns. */
    public static List<String> read(Path contextRoot) throws BuildFailure {
        byte[] content;
        try {
            content = Files.readAllBytes(contextRoot.resolve(".dockerignore"));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new BuildFailure("open " + contextRoot.resolve(".dockerignore") + ": " + GoErrors.text(e));
        }
        return IgnoreFile.read(new String(content, StandardCharsets.UTF_8));
    }

    /**
     * TrimBuildFilesFromExcludes: the daemon needs .dockerignore and the Dockerfile even when the
     * patterns exclude them (it drops them from the build itself), so exceptions are appended.
     */
    public static List<String> keepBuildFiles(List<String> excludes, String dockerfile, boolean dockerfileFromStdin) {
        List<String> result = new ArrayList<>(excludes);
        if (matches(".dockerignore", result)) {
            result.add("!.dockerignore");
        }
        if (matches(dockerfile, result) && !dockerfileFromStdin) {
            result.add("!" + dockerfile);
        }
        return result;
    }

    /** patternmatcher.Matches, whose error docker ignores here. */
    private static boolean matches(String file, List<String> patterns) {
        try {
            return IgnoreMatcher.of(patterns).matches(file);
        } catch (IgnorePatternException e) {
            return false;
        }
    }
}
