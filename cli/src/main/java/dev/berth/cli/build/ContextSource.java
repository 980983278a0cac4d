package dev.berth.cli.build;

import dev.berth.dockerfile.ignore.IgnoreMatcher;
import dev.berth.dockerfile.ignore.IgnorePatternException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The first half of docker's runBuild: which kind of context PATH names, and the tar stream to
 * send for it with the Dockerfile's name in it. Errors carry docker's wording and prefixes.
 */
public final class ContextSource {
    private final Path workingDirectory;
    private final InputStream stdin;

    /** What POST /build sends: the context archive (produced while it is read) and the dockerfile parameter. */
    public record Prepared(InputStream archive, String dockerfile) {
    }

    public ContextSource(Path workingDirectory, InputStream stdin) {
        this.workingDirectory = workingDirectory;
        this.stdin = stdin;
    }

    /**
     * @param context        PATH, or "-" for stdin
     * @param dockerfileName -f: "" for the default, "-" for stdin
     */
    public Prepared prepare(String context, String dockerfileName, boolean compress) throws BuildFailure, IOException {
        boolean dockerfileFromStdin = dockerfileName.equals("-");
        Prepared prepared;
        if (context.equals("-")) {
            if (dockerfileFromStdin) {
                throw new BuildFailure("invalid argument: can't use stdin for both build context and dockerfile");
            }
            try {
                StdinContext.Context read = StdinContext.read(stdin, dockerfileName);
                prepared = new Prepared(read.archive(), read.dockerfile());
            } catch (BuildFailure | IOException e) {
                throw new BuildFailure("unable to prepare context from STDIN: " + e.getMessage());
            }
        } else if (Files.exists(workingDirectory.resolve(context))) {
            prepared = local(context, dockerfileName, dockerfileFromStdin);
        } else if (isUrl(context)) {
            // docker clones git URLs and downloads tarballs on the client; berth does neither yet
            throw new BuildFailure("unable to prepare context: remote build contexts are not supported by berth: " + context);
        } else {
            throw new BuildFailure("unable to prepare context: path \"" + context + "\" not found");
        }
        if (!compress) {
            return prepared;
        }
        InputStream plain = prepared.archive();
        return new Prepared(ProducedStream.start("berth-build-gzip", out -> {
            try (plain; GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024)) {
                plain.transferTo(gzip);
            }
        }), prepared.dockerfile());
    }

    private Prepared local(String context, String dockerfileName, boolean dockerfileFromStdin) throws BuildFailure, IOException {
        ContextDirectory directory;
        try {
            directory = ContextDirectory.resolve(workingDirectory, context, dockerfileName);
        } catch (BuildFailure e) {
            throw new BuildFailure("unable to prepare context: " + e.getMessage());
        }
        byte[] outsideDockerfile = null;
        if (directory.dockerfileOutside()) {
            try {
                outsideDockerfile = Files.readAllBytes(workingDirectory.resolve(dockerfileName));
            } catch (IOException e) {
                throw new BuildFailure("unable to open Dockerfile: open " + dockerfileName + ": " + GoErrors.text(e));
            }
        } else if (dockerfileFromStdin) {
            outsideDockerfile = stdin.readAllBytes();
        }
        Path root = directory.root();
        List<String> excludes = BuildExcludes.read(root);
        try {
            ContextValidator.check(root, IgnoreMatcher.of(excludes));
        } catch (IgnorePatternException e) {
            throw new BuildFailure("checking context: " + e.getMessage());
        } catch (BuildFailure e) {
            throw new BuildFailure("checking context: " + e.getMessage());
        }
        IgnoreMatcher matcher;
        try {
            matcher = IgnoreMatcher.of(BuildExcludes.keepBuildFiles(excludes, directory.relativeDockerfile(), dockerfileFromStdin));
        } catch (IgnorePatternException e) {
            throw new BuildFailure(e.getMessage());
        }
        InputStream archive = ProducedStream.start("berth-build-context", out -> ContextArchiver.write(root, matcher, true, out));
        if (outsideDockerfile == null) {
            return new Prepared(archive, directory.relativeDockerfile());
        }
        DockerfileInjector injector = DockerfileInjector.of(outsideDockerfile);
        InputStream withDockerfile = ProducedStream.start("berth-build-dockerfile", out -> {
            try (archive) {
                injector.rewrite(archive, out);
            }
        });
        return new Prepared(withDockerfile, injector.name());
    }

    /** urlutil.IsGitURL / IsURL, roughly: what docker would fetch instead of reading a directory. */
    private static boolean isUrl(String context) {
        return context.startsWith("http://") || context.startsWith("https://") || context.startsWith("git://")
                || context.startsWith("git@") || context.startsWith("github.com/");
    }
}
