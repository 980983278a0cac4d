package dev.berth.gateway.build;

import dev.berth.dockerfile.ignore.GoPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * COPY and ADD's sources in a source tree (the context, or a stage's or image's files), resolved as
 * moby's copier does: a leading "/" or "./" is dropped, wildcards match at any level of the tree
 * (Go's filepath.Match on the path from the root), a directory stands for its contents, symbolic
 * links are followed inside the tree only. Each source gets Docker's cache hash, "file:&lt;sha256&gt;"
 * or "dir:&lt;sha256 of its files' hashes&gt;".
 */
public final class CopySources {
    /**
     * One resolved source.
     *
     * @param name the path as matched (its base names the copy of a file)
     * @param file where it is, symbolic links resolved within the tree
     */
    public record Source(String name, Path file, boolean directory, String hash) {}

    private final Path root;

    public CopySources(Path root) {
        this.root = root;
    }

    /** The sources one argument names; an error in Docker's words when a plain path is missing. */
    public List<Source> resolve(String original) throws IOException {
        String path = original;
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (path.startsWith("./")) {
            path = path.substring(2);
        }
        if (containsWildcards(path)) {
            List<Source> matches = new ArrayList<>();
            for (String rel : walk()) {
                if (GlobMatch.matches(path, rel)) {
                    matches.addAll(resolvePlain(rel));
                }
            }
            return matches;
        }
        return resolvePlain(path);
    }

    private List<Source> resolvePlain(String path) throws IOException {
        Path resolved = ScopedPath.resolve(root, path);
        if (resolved == null || !Files.exists(resolved, LinkOption.NOFOLLOW_LINKS)) {
            String shown = GoPath.clean(path.isEmpty() ? "." : path);
            throw new BuildFailure("file not found in build context or excluded by .dockerignore: stat " + shown
                    + ": file does not exist");
        }
        if (Files.isDirectory(resolved, LinkOption.NOFOLLOW_LINKS)) {
            List<String> hashes = new ArrayList<>();
            try (Stream<Path> tree = Files.walk(resolved)) {
                for (Path p : tree.sorted().toList()) {
                    if (!p.equals(resolved)) {
                        hashes.add(entryHash(resolved.relativize(p).toString(), p));
                    }
                }
            }
            hashes.sort(null);
            return List.of(new Source(path.isEmpty() ? "." : path, resolved, true, hashList("dir", hashes)));
        }
        return List.of(new Source(path, resolved, false, "file:" + hex(entryDigest(path, resolved))));
    }

    /** Every path of the tree from its root, slash-separated, in lexical order (Go's filepath.Walk). */
    private List<String> walk() throws IOException {
        try (Stream<Path> tree = Files.walk(root)) {
            return tree.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    static boolean containsWildcards(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '*' || c == '?' || c == '[') {
                return true;
            }
        }
        return false;
    }

    /** moby's hashStringSlice: prefix + ":" + sha256 of the hashes joined by commas. */
    public static String hashList(String prefix, List<String> hashes) {
        return prefix + ":" + hex(sha256(String.join(",", hashes).getBytes(StandardCharsets.UTF_8)));
    }

    /** Several sources' hashes as one (a single one stays itself), moby's getSourceHashFromInfos. */
    public static String combined(List<Source> sources) {
        if (sources.size() == 1) {
            return sources.getFirst().hash();
        }
        return hashList("multi", sources.stream().map(Source::hash).toList());
    }

    private static String entryHash(String name, Path file) throws IOException {
        return hex(entryDigest(name, file));
    }

    /** What a change of which must miss the cache: the name, type, mode, owner, link target and content. */
    static byte[] entryDigest(String name, Path file) throws IOException {
        MessageDigest digest = sha256Digest();
        PosixFileAttributes attrs = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String header = name + "\0" + (attrs.isDirectory() ? "d" : attrs.isSymbolicLink() ? "l" : "f") + "\0"
                + Integer.toOctalString(ModeBits.of(file)) + "\0" + attrs.size() + "\0"
                + (attrs.isSymbolicLink() ? Files.readSymbolicLink(file).toString() : "") + "\0";
        digest.update(header.getBytes(StandardCharsets.UTF_8));
        if (attrs.isRegularFile()) {
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
        }
        return digest.digest();
    }

    static byte[] sha256(byte[] data) {
        return sha256Digest().digest(data);
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
