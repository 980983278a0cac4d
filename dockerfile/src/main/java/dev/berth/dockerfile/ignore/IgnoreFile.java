package dev.berth.dockerfile.ignore;

import dev.berth.dockerfile.syntax.GoText;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a .dockerignore as Docker does (buildkit's dockerignore.ReadAll): a line starting with
 * '#' (in column one) is a comment; lines are trimmed; blank lines are skipped; each pattern is
 * cleaned and loses a leading '/'; a leading '!' marks an exception and survives the cleaning.
 */
public final class IgnoreFile {
    private IgnoreFile() {}

    public static List<String> read(String content) {
        List<String> patterns = new ArrayList<>();
        boolean first = true;
        for (String raw : content.split("\n", -1)) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (first && line.startsWith("\uFEFF")) line = line.substring(1);
            first = false;
            if (line.startsWith("#")) continue;
            String pattern = GoText.trimSpace(line);
            if (pattern.isEmpty()) continue;
            boolean exception = pattern.charAt(0) == '!';
            if (exception) pattern = GoText.trimSpace(pattern.substring(1));
            if (!pattern.isEmpty()) {
                pattern = GoPath.clean(pattern);
                if (pattern.length() > 1 && pattern.charAt(0) == '/') pattern = pattern.substring(1);
            }
            patterns.add(exception ? "!" + pattern : pattern);
        }
        return patterns;
    }
}
