package dev.berth.dockerfile.shell;

import dev.berth.dockerfile.syntax.GoText;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Docker's variable substitution (buildkit's shell.Lex as in Docker 20.10): quotes, the escape
 * token, {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-word}}, {@code ${VAR:+word}},
 * {@code ${VAR?msg}} and {@code ${VAR:?msg}}. Not supported, as in Docker 20.10: the colon-less
 * {@code ${VAR-word}} and {@code ${VAR+word}} ("missing ':' in substitution"), {@code ${VAR:=word}},
 * pattern removal and replacement. Variables are case-sensitive (Linux).
 */
public final class ShellLexer {
    private final int escapeToken;

    public ShellLexer(int escapeToken) {
        this.escapeToken = escapeToken;
    }

    /** Substitutes in {@code source}; the result carries both the single word and the split words. */
    public Expansion process(String source, Map<String, String> env) throws SubstitutionException {
        Run run = new Run(source, env);
        try {
            Result result = run.processStopOn(CodePointScanner.EOF);
            return new Expansion(result.text(), result.words(), run.used, run.unset);
        } catch (SubstitutionException e) {
            throw new SubstitutionException("failed to process " + GoText.quote(source) + ": " + e.getMessage());
        }
    }

    private record Result(String text, List<String> words) {}

    /** One substitution pass over one word (buildkit's shellWord). */
    private final class Run {
        private final CodePointScanner scanner;
        private final Map<String, String> env;
        private final Set<String> used = new LinkedHashSet<>();
        private final Set<String> unset = new LinkedHashSet<>();

        Run(String source, Map<String, String> env) {
            this.scanner = new CodePointScanner(source);
            this.env = env;
        }

        Result processStopOn(int stopChar) throws SubstitutionException {
            StringBuilder result = new StringBuilder();
            WordCollector words = new WordCollector();
            while (scanner.peek() != CodePointScanner.EOF) {
                int ch = scanner.peek();
                if (stopChar != CodePointScanner.EOF && ch == stopChar) {
                    scanner.next();
                    return new Result(result.toString(), words.words());
                }
                if (ch == '\'' || ch == '"' || ch == '$') {
                    String part = ch == '\'' ? singleQuoted() : ch == '"' ? doubleQuoted() : dollar();
                    result.append(part);
                    if (ch == '$') words.addString(part);
                    else words.addRawString(part);
                    continue;
                }
                ch = scanner.next();
                if (ch == escapeToken) {
                    // the escape token makes the next character literal; a trailing one is dropped
                    ch = scanner.next();
                    if (ch == CodePointScanner.EOF) break;
                    words.addRawChar(ch);
                } else {
                    words.addChar(ch);
                }
                result.appendCodePoint(ch);
            }
            if (stopChar != CodePointScanner.EOF) {
                throw new SubstitutionException("unexpected end of statement while looking for matching "
                        + new String(Character.toChars(stopChar)));
            }
            return new Result(result.toString(), words.words());
        }

        /** Everything up to the next single quote, literally; nothing can be escaped inside. */
        private String singleQuoted() throws SubstitutionException {
            StringBuilder result = new StringBuilder();
            scanner.next();
            while (true) {
                int ch = scanner.next();
                if (ch == CodePointScanner.EOF) {
                    throw new SubstitutionException("unexpected end of statement while looking for matching single-quote");
                }
                if (ch == '\'') return result.toString();
                result.appendCodePoint(ch);
            }
        }

        /** Up to the next double quote; $ substitutes, the escape token escapes only " $ and itself. */
        private String doubleQuoted() throws SubstitutionException {
            StringBuilder result = new StringBuilder();
            scanner.next();
            while (true) {
                int peek = scanner.peek();
                if (peek == CodePointScanner.EOF) {
                    throw new SubstitutionException("unexpected end of statement while looking for matching double-quote");
                }
                if (peek == '"') {
                    scanner.next();
                    return result.toString();
                }
                if (peek == '$') {
                    result.append(dollar());
                    continue;
                }
                int ch = scanner.next();
                if (ch == escapeToken) {
                    int following = scanner.peek();
                    if (following == CodePointScanner.EOF) continue;
                    if (following == '"' || following == '$' || following == escapeToken) ch = scanner.next();
                }
                result.appendCodePoint(ch);
            }
        }

        private String dollar() throws SubstitutionException {
            scanner.next();
            if (scanner.peek() != '{') {
                String name = name();
                return name.isEmpty() ? "$" : lookup(name);
            }
            scanner.next();
            int first = scanner.peek();
            if (first == CodePointScanner.EOF) throw new SubstitutionException("syntax error: missing '}'");
            if (first == '{' || first == '}' || first == ':') throw new SubstitutionException("syntax error: bad substitution");
            String name = name();
            int ch = scanner.next();
            if (ch == '}') return lookup(name);
            if (ch == '?') {
                String word = wordUntilBrace();
                if (!env.containsKey(name)) {
                    unset.add(name);
                    throw new SubstitutionException(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
                }
                return lookup(name);
            }
            if (ch == ':') return modifier(name);
            throw new SubstitutionException("missing ':' in substitution");
        }

        /** ${name:-word}, ${name:+word}, ${name:?message}. */
        private String modifier(String name) throws SubstitutionException {
            int modifier = scanner.next();
            String word = wordUntilBrace();
            boolean found = env.containsKey(name);
            String value = lookup(name);
            switch (modifier) {
                case '+':
                    return value.isEmpty() ? value : word;
                case '-':
                    return value.isEmpty() ? word : value;
                case '?':
                    if (!found) throw new SubstitutionException(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
                    if (value.isEmpty()) throw new SubstitutionException(name + ": " + (word.isEmpty() ? "is not allowed to be empty" : word));
                    return value;
                default:
                    throw new SubstitutionException("unsupported modifier ("
                            + (modifier == CodePointScanner.EOF ? "%!c(int32=-1)" : new String(Character.toChars(modifier)))
                            + ") in substitution");
            }
        }

        private String wordUntilBrace() throws SubstitutionException {
            try {
                return processStopOn('}').text();
            } catch (SubstitutionException e) {
                if (scanner.peek() == CodePointScanner.EOF) throw new SubstitutionException("syntax error: missing '}'");
                throw e;
            }
        }

        /** A name: letters, digits, '_'; or a run of digits; or one special parameter character. */
        private String name() {
            StringBuilder name = new StringBuilder();
            while (scanner.peek() != CodePointScanner.EOF) {
                int ch = scanner.peek();
                if (name.isEmpty() && Character.isDigit(ch)) {
                    while (scanner.peek() != CodePointScanner.EOF && Character.isDigit(scanner.peek())) {
                        name.appendCodePoint(scanner.next());
                    }
                    return name.toString();
                }
                if (name.isEmpty() && "@*#?-$!0".indexOf(ch) >= 0) {
                    return new String(Character.toChars(scanner.next()));
                }
                if (!Character.isLetter(ch) && !Character.isDigit(ch) && ch != '_') break;
                name.appendCodePoint(scanner.next());
            }
            return name.toString();
        }

        private String lookup(String name) {
            String value = env.get(name);
            if (value == null) {
                unset.add(name);
                return "";
            }
            used.add(name);
            return value;
        }
    }
}
