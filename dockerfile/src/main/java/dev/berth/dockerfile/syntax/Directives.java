package dev.berth.dockerfile.syntax;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parser directives ({@code # escape=`}, {@code # syntax=...}) read from the top of a
 * Dockerfile, and the escape token they set. Like Docker, directives are only looked for until
 * the first line that is not one (a blank line, an ordinary comment or an instruction ends them),
 * and each may appear once. {@code syntax} is accepted and has no effect here.
 */
final class Directives {
    // Go's \s is ASCII [\t\n\f\r ] (no \v), hence the explicit class.
    private static final Pattern DIRECTIVE =
            Pattern.compile("^#[\\t\\n\\f\\r ]*([a-zA-Z][a-zA-Z0-9]*)[\\t\\n\\f\\r ]*=[\\t\\n\\f\\r ]*(.+?)[\\t\\n\\f\\r ]*$");
    private static final Set<String> KNOWN = Set.of("escape", "syntax");

    private int escapeToken = '\\';
    private Pattern continuation = continuationFor('\\');
    private boolean done;
    private final Set<String> seen = new HashSet<>();

    int escapeToken() {
        return escapeToken;
    }

    /** Checks one line (left-trimmed for a first line) for a directive; throws on a repeated or bad one. */
    void inspect(String line) throws SyntaxException {
        if (done) return;
        Matcher m = DIRECTIVE.matcher(line);
        if (!m.matches()) {
            done = true;
            return;
        }
        String key = m.group(1).toLowerCase(java.util.Locale.ROOT);
        if (!KNOWN.contains(key)) {
            done = true;
            return;
        }
        if (!seen.add(key)) throw new SyntaxException("only one " + key + " parser directive can be used");
        if (key.equals("escape")) setEscapeToken(m.group(2));
    }

    private void setEscapeToken(String token) throws SyntaxException {
        if (!token.equals("`") && !token.equals("\\")) {
            throw new SyntaxException("invalid escape token '" + token + "' does not match ` or \\");
        }
        escapeToken = token.charAt(0);
        continuation = continuationFor(escapeToken);
    }

    /**
     * Docker's line-continuation test: the escape token as last non-blank character, unless the
     * character before it is itself the escape token (Docker's regexp has that quirk: "foo \\\"
     * does not continue).
     */
    private static Pattern continuationFor(int token) {
        String t = Pattern.quote(String.valueOf((char) token));
        String notT = "[^" + (token == '\\' ? "\\\\" : String.valueOf((char) token)) + "]";
        return Pattern.compile("(" + notT + ")" + t + "[ \\t]*\\z|^" + t + "[ \\t]*\\z");
    }

    /** The line without its continuation token, or null when it does not continue. */
    String stripContinuation(String line) {
        Matcher m = continuation.matcher(line);
        if (!m.find()) return null;
        String kept = m.group(1) == null ? "" : m.group(1);
        return line.substring(0, m.start()) + kept + line.substring(m.end());
    }
}
