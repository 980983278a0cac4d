package dev.berth.snapshot.apply;

import static dev.berth.snapshot.Errdefs.invalidArgument;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A "secure join" of untrusted paths to a root directory, as containerd's fs.RootPath: the root is
 * treated as "/", so ".." stops at the root and every symlink met on the way is resolved as if
 * the process were chrooted there (absolute targets restart at the root). The result always lies
 * inside the root.
 */
final class RootedPaths {
    private static final int MAX_LINKS = 255;

    private RootedPaths() {}

    /** The components of {@code name} after lexical cleaning as an absolute path: no "", "." or "..". */
    static List<String> clean(String name) {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.removeLast();
                }
                continue;
            }
            parts.add(part);
        }
        return parts;
    }

    /**
     * Joins {@code components} to {@code root}, following symlinks inside the root. Components that
     * do not exist are taken literally. {@code root} must be a real path (no symlinks in it).
     */
    static Path resolve(Path root, List<String> components) throws IOException {
        Deque<String> pending = new ArrayDeque<>(components);
        List<String> resolved = new ArrayList<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String part = pending.pollFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!resolved.isEmpty()) {
                    resolved.removeLast();
                }
                continue;
            }
            Path candidate = join(root, resolved).resolve(part);
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(candidate, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (FileSystemException missing) {
                resolved.add(part);
                continue;
            }
            if (!attrs.isSymbolicLink()) {
                resolved.add(part);
                continue;
            }
            if (++links > MAX_LINKS) {
                throw invalidArgument("too many levels of symbolic links resolving " + String.join("/", components));
            }
            String target = Files.readSymbolicLink(candidate).toString();
            if (target.startsWith("/")) {
                resolved.clear();
            }
            String[] targetParts = target.split("/");
            for (int i = targetParts.length - 1; i >= 0; i--) {
                pending.addFirst(targetParts[i]);
            }
        }
        return join(root, resolved);
    }

    private static Path join(Path root, List<String> parts) {
        Path path = root;
        for (String part : parts) {
            path = path.resolve(part);
        }
        return path;
    }
}
