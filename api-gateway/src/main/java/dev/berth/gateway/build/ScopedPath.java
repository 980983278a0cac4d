package dev.berth.gateway.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A path inside a tree with symbolic links followed as if the tree were the root filesystem
 * (moby's FollowSymlinkInScope): an absolute target starts again at the tree's root, ".." stops at it.
 */
final class ScopedPath {
    private static final int MAX_LINKS = 255;

    private ScopedPath() {}

    /** The file {@code relative} names; null when a link loops. Missing components are kept as they are. */
    static Path resolve(Path root, String relative) throws IOException {
        java.util.ArrayDeque<String> pending = new java.util.ArrayDeque<>();
        for (String part : relative.split("/")) {
            pending.addLast(part);
        }
        java.util.List<String> resolved = new java.util.ArrayList<>();
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
            if (Files.isSymbolicLink(candidate)) {
                if (++links > MAX_LINKS) {
                    return null;
                }
                String target = Files.readSymbolicLink(candidate).toString();
                if (target.startsWith("/")) {
                    resolved.clear();
                }
                String[] targetParts = target.split("/");
                for (int i = targetParts.length - 1; i >= 0; i--) {
                    pending.addFirst(targetParts[i]);
                }
                continue;
            }
            resolved.add(part);
        }
        return join(root, resolved);
    }

    private static Path join(Path root, java.util.List<String> parts) {
        Path p = root;
        for (String part : parts) {
            p = p.resolve(part);
        }
        return p;
    }
}
