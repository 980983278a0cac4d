package dev.berth.dockerfile.ignore;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One cleaned .dockerignore pattern compiled as moby/patternmatcher compiles it: {@code *} and
 * {@code ?} never match '/', {@code **} matches any number of directories (also none), a
 * trailing {@code **} matches everything below, {@code [...]} classes as Go's filepath.Match,
 * {@code \} escapes the next character; every other character is literal.
 */
public final class PathPattern {
    private final String cleaned;
    private final boolean exception;
    private final Pattern regex;

    private PathPattern(String cleaned, boolean exception, Pattern regex) {
        this.cleaned = cleaned;
        this.exception = exception;
        this.regex = regex;
    }

    /** @param cleaned the pattern without its '!', already cleaned */
    static PathPattern compile(String cleaned, boolean exception) throws IgnorePatternException {
        if (!GlobSyntax.isValid(cleaned)) throw new IgnorePatternException(GlobSyntax.BAD_PATTERN);
        try {
            return new PathPattern(cleaned, exception, Pattern.compile(toRegex(cleaned), Pattern.UNIX_LINES));
        } catch (PatternSyntaxException e) {
            // e.g. a reversed range "[z-a]", which Go's regexp also refuses
            throw new IgnorePatternException(GlobSyntax.BAD_PATTERN);
        }
    }

    private static String toRegex(String p) {
        StringBuilder re = new StringBuilder("^");
        int i = 0;
        int n = p.length();
        while (i < n) {
            int ch = p.codePointAt(i);
            i += Character.charCount(ch);
            if (ch == '*') {
                if (i < n && p.charAt(i) == '*') {
                    i++;
                    if (i < n && p.charAt(i) == '/') i++; // "**/" is "**"
                    re.append(i >= n ? ".*" : "(.*/)?");
                } else {
                    re.append("[^/]*");
                }
            } else if (ch == '?') {
                re.append("[^/]");
            } else if (ch == '\\') {
                if (i < n) {
                    int escaped = p.codePointAt(i);
                    i += Character.charCount(escaped);
                    re.append(literal(escaped));
                } else {
                    re.append("\\\\");
                }
            } else if (ch == '[') {
                i = appendClass(p, i, re);
            } else {
                re.append(literal(ch));
            }
        }
        return re.append('$').toString();
    }

    /** Copies a (validated) character class, escaping what Java's class syntax treats specially. */
    private static int appendClass(String p, int i, StringBuilder re) {
        re.append('[');
        if (p.charAt(i) == '^') {
            re.append('^');
            i++;
        }
        boolean first = true;
        while (first || p.charAt(i) != ']') {
            first = false;
            int ch = p.codePointAt(i);
            if (ch == '\\') {
                i++;
                ch = p.codePointAt(i);
            } else if (ch == '-') {
                re.append('-');
                i++;
                continue;
            }
            i += Character.charCount(ch);
            re.append(classLiteral(ch));
        }
        re.append(']');
        return i + 1;
    }

    /** Go's '.' (and so "**") does not match '\n'; UNIX_LINES gives Java the same rule. */
    private static String literal(int ch) {
        return Pattern.quote(new String(Character.toChars(ch)));
    }

    private static String classLiteral(int ch) {
        String s = new String(Character.toChars(ch));
        return Character.isLetterOrDigit(ch) ? s : "\\" + s;
    }

    boolean matches(String path) {
        return regex.matcher(path).matches();
    }

    /** The cleaned pattern without '!', what Docker's walker compares directory prefixes with. */
    public String pattern() {
        return cleaned;
    }

    /** Whether the pattern started with '!' (it re-includes what it matches). */
    public boolean isException() {
        return exception;
    }

    @Override
    public String toString() {
        return exception ? "!" + cleaned : cleaned;
    }
}
