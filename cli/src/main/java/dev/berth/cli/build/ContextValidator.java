package dev.berth.cli.build;

import dev.berth.dockerfile.ignore.IgnoreMatcher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * docker's ValidateContextDirectory: before anything is sent, every file that will go into the
 * context must be readable. Excluded paths are skipped (a whole excluded directory, whatever
 * its exceptions, as docker's walk does); symlinks and named pipes are not opened. An unreadable
 * directory fails even when excluded: Go's filepath.Walk reports it before the match is made.
 */
public final class ContextValidator {
    private final Path root;
    private final IgnoreMatcher excludes;

    private ContextValidator(Path root, IgnoreMatcher excludes) {
        this.root = root;
        this.excludes = excludes;
    }

    /** @throws BuildFailure "can't stat '/ctx/dir'", "no permission to read from '/ctx/file'", ... */
    public static void check(Path root, IgnoreMatcher excludes) throws BuildFailure {
        ContextValidator validator = new ContextValidator(root, excludes);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(root, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw validator.walkError(root, e);
        }
        validator.visit(root, attributes);
    }

    private void visit(Path path, BasicFileAttributes attributes) throws BuildFailure {
        List<Path> children = null;
        IOException listError = null;
        if (attributes.isDirectory()) {
            try {
                children = ContextWalk.sortedChildren(path);
            } catch (IOException e) {
                listError = e;
            }
        }
        if (listError != null) {
            throw walkError(path, listError);
        }
        String relative = root.relativize(path).toString();
        if (!relative.isEmpty() && excludes.matches(relative)) {
            return; // skipped, and so is everything under an excluded directory
        }
        if (attributes.isSymbolicLink() || ContextWalk.isNamedPipe(path)) {
            return;
        }
        if (!attributes.isDirectory()) {
            try (InputStream ignored = Files.newInputStream(path)) {
                // opened only to prove it can be
            } catch (AccessDeniedException e) {
                throw new BuildFailure("no permission to read from '" + path + "'");
            } catch (IOException e) {
                // docker ignores every other failure to open here
            }
            return;
        }
        for (Path child : children) {
            BasicFileAttributes childAttributes;
            try {
                childAttributes = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                throw walkError(child, e);
            }
            visit(child, childAttributes);
        }
    }

    private BuildFailure walkError(Path path, IOException e) {
        if (e instanceof AccessDeniedException) {
            return new BuildFailure("can't stat '" + path + "'");
        }
        if (e instanceof NoSuchFileException) {
            return new BuildFailure("file ('" + path + "') not found or excluded by .dockerignore");
        }
        return new BuildFailure(GoErrors.text(e));
    }
}
