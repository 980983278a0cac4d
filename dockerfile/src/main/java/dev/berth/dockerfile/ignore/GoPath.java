package dev.berth.dockerfile.ignore;

import java.util.ArrayList;
import java.util.List;

/** Go's {@code path/filepath.Clean} and {@code Dir} for slash-separated paths. */
public final class GoPath {
    private GoPath() {}

    /** Lexically shortest equivalent path: no "//", no ".", ".." resolved; "" becomes ".". */
    public static String clean(String path) {
        if (path.isEmpty()) return ".";
        boolean rooted = path.charAt(0) == '/';
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/", -1)) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) {
                if (!parts.isEmpty() && !parts.get(parts.size() - 1).equals("..")) {
                    parts.remove(parts.size() - 1);
                } else if (!rooted) {
                    parts.add("..");
                }
                continue;
            }
            parts.add(part);
        }
        String joined = String.join("/", parts);
        if (rooted) return "/" + joined;
        return joined.isEmpty() ? "." : joined;
    }

    /** All but the last element, cleaned ("a/b" gives "a", "a" gives "."). */
    public static String dir(String path) {
        int slash = path.lastIndexOf('/');
        return clean(slash < 0 ? "" : path.substring(0, slash + 1));
    }
}
