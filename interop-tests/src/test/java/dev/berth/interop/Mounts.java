package dev.berth.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The mounts under a directory, from /proc/self/mountinfo, and their removal (deepest first, lazily). */
final class Mounts {
    private Mounts() {
    }

    static List<String> under(Path dir) throws IOException {
        String prefix = dir.toAbsolutePath().normalize().toString();
        List<String> found = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] fields = line.split(" ");
            if (fields.length > 4) {
                String mountPoint = unescape(fields[4]);
                if (mountPoint.equals(prefix) || mountPoint.startsWith(prefix + "/")) {
                    found.add(mountPoint);
                }
            }
        }
        found.sort(Comparator.comparingInt(String::length).reversed());
        return found;
    }

    /** Unmounts everything under {@code dir} (umount -l, deepest first, repeated for stacked mounts). */
    static void unmountAll(Path dir) throws IOException {
        for (int round = 0; round < 5; round++) {
            List<String> mounts = under(dir);
            if (mounts.isEmpty()) {
                return;
            }
            for (String mountPoint : mounts) {
                Commands.run(List.of("umount", "-l", mountPoint), 30);
            }
        }
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
