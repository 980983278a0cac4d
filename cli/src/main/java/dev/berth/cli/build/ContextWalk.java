package dev.berth.cli.build;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** What docker's context walks share: Go's lexical order of names and the file types Go tells apart. */
final class ContextWalk {
    static final int S_IFMT = 0170000;
    static final int S_IFIFO = 0010000;
    static final int S_IFCHR = 0020000;
    static final int S_IFBLK = 0060000;
    static final int S_IFSOCK = 0140000;

    private ContextWalk() {
    }

    /** A directory's entries sorted by name, as Go's os.ReadDir returns them (the walk's order, so the tar's). */
    static List<Path> sortedChildren(Path directory) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            entries.forEach(children::add);
        }
        children.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return children;
    }

    /** The S_IFMT bits of the file itself (links not followed). */
    static int type(Path path) throws IOException {
        return ((Number) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS)).intValue() & S_IFMT;
    }

    static boolean isNamedPipe(Path path) {
        try {
            return type(path) == S_IFIFO;
        } catch (IOException e) {
            return false;
        }
    }
}
