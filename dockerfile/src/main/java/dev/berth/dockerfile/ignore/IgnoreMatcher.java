package dev.berth.dockerfile.ignore;

import dev.berth.dockerfile.syntax.GoText;
import java.util.ArrayList;
import java.util.List;

/**
 * Docker's .dockerignore matching (moby/patternmatcher). Patterns apply in order and the last
 * one that matches a path decides; a pattern also matches everything under a directory it
 * matches; '!' patterns re-include. Paths are slash-separated and relative to the context root.
 * Whether Dockerfile and .dockerignore are still sent is the caller's business, as in Docker.
 */
public final class IgnoreMatcher {
    private final List<PathPattern> patterns;
    private final boolean hasExceptions;

    private IgnoreMatcher(List<PathPattern> patterns) {
        this.patterns = List.copyOf(patterns);
        this.hasExceptions = patterns.stream().anyMatch(PathPattern::isException);
    }

    /** Compiles patterns as patternmatcher.New does (trimmed, cleaned, blank ones dropped). */
    public static IgnoreMatcher of(List<String> patterns) throws IgnorePatternException {
        List<PathPattern> compiled = new ArrayList<>();
        for (String raw : patterns) {
            String p = GoText.trimSpace(raw);
            if (p.isEmpty()) continue;
            p = GoPath.clean(p);
            boolean exception = p.charAt(0) == '!';
            if (exception) {
                if (p.length() == 1) throw new IgnorePatternException("illegal exclusion pattern: \"!\"");
                p = p.substring(1);
            }
            compiled.add(PathPattern.compile(p, exception));
        }
        return new IgnoreMatcher(compiled);
    }

    /** Reads a .dockerignore's content and compiles it. */
    public static IgnoreMatcher fromIgnoreFile(String content) throws IgnorePatternException {
        return of(IgnoreFile.read(content));
    }

    /**
     * Whether {@code path} is excluded: the last pattern matching it or one of its parent
     * directories decides (patternmatcher's MatchesOrParentMatches). The context root "." never is.
     */
    public boolean matches(String path) {
        String file = GoPath.clean(path);
        if (file.equals(".")) return false;
        String parent = GoPath.dir(file);
        String[] parentDirs = parent.split("/", -1);
        boolean matched = false;
        for (PathPattern pattern : patterns) {
            if (pattern.isException() != matched) continue; // cannot change the outcome
            boolean match = pattern.matches(file);
            if (!match && !parent.equals(".")) {
                StringBuilder prefix = new StringBuilder();
                for (int i = 0; i < parentDirs.length && !match; i++) {
                    if (i > 0) prefix.append('/');
                    prefix.append(parentDirs[i]);
                    match = pattern.matches(prefix.toString());
                }
            }
            if (match) matched = !pattern.isException();
        }
        return matched;
    }

    /**
     * For an excluded directory, whether a walker must still look inside because an exception
     * may re-include something there. Docker's rule: some '!' pattern, followed by '/', starts
     * with the directory's path followed by '/' ("!dir/keep" keeps "dir" open; "!**&#47;keep" does not).
     */
    public boolean mayIncludeUnder(String directory) {
        if (!hasExceptions) return false;
        String dirSlash = GoPath.clean(directory) + "/";
        for (PathPattern pattern : patterns) {
            if (pattern.isException() && (pattern.pattern() + "/").startsWith(dirSlash)) return true;
        }
        return false;
    }

    /** What a context walker does with one entry, Docker's archive walk in one call. */
    public enum Decision { INCLUDE, EXCLUDE, EXCLUDE_BUT_DESCEND, SKIP_DIRECTORY }

    public Decision decide(String path, boolean directory) {
        if (!matches(path)) return Decision.INCLUDE;
        if (!directory) return Decision.EXCLUDE;
        return mayIncludeUnder(path) ? Decision.EXCLUDE_BUT_DESCEND : Decision.SKIP_DIRECTORY;
    }

    /** Whether any pattern is a '!' exception (patternmatcher's Exclusions()). */
    public boolean hasExceptions() {
        return hasExceptions;
    }

    public List<PathPattern> patterns() {
        return patterns;
    }
}
