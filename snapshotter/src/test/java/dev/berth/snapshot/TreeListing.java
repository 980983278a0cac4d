package dev.berth.snapshot;

import dev.berth.snapshot.fs.Xattrs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Describes a mounted tree file by file, to compare two trees (times in whole seconds, as layers keep them). */
final class TreeListing {
    private TreeListing() {}

    static Map<String, String> of(Path root) throws IOException {
        Map<String, String> listing = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(path -> !path.equals(root)).toList();
        }
        for (Path file : files) {
            Map<String, Object> a = Files.readAttributes(file, "unix:mode,uid,gid,nlink,rdev,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            StringBuilder line = new StringBuilder(String.format("%06o %s:%s t=%d", mode, a.get("uid"), a.get("gid"),
                    ((FileTime) a.get("lastModifiedTime")).toInstant().getEpochSecond()));
            if ((mode & 0170000) != 0040000) {
                line.append(" nlink=").append(a.get("nlink")); // a directory's counts its subdirectories, per filesystem
            }
            switch (mode & 0170000) {
                case 0100000 -> line.append(" '").append(Files.readString(file)).append('\'');
                case 0120000 -> line.append(" -> ").append(Files.readSymbolicLink(file));
                case 0020000, 0060000 -> line.append(" rdev=").append(a.get("rdev"));
                default -> { }
            }
            Xattrs.all(file).forEach((name, value) -> {
                if (name.startsWith("user.")) {
                    line.append(' ').append(name).append('=').append(new String(value, StandardCharsets.UTF_8));
                }
            });
            listing.put(root.relativize(file).toString(), line.toString());
        }
        return listing;
    }
}
