package dev.berth.common.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * containerd's list filter syntax, the part clients use: a filter is comma-separated selectors
 * that must all match; several filters match when any one does; no filter matches everything.
 * A selector is a field path ({@code name}, {@code labels."a.b/c"}) alone (present) or followed by
 * {@code ==}, {@code !=} or {@code ~=} (regular expression) and a value, bare or double-quoted.
 * Shared by every service that lists things (content, images, snapshots); a malformed filter is
 * an {@link IllegalArgumentException}, which the services answer with INVALID_ARGUMENT.
 */
public final class Filters {
    /** Looks up a field of the thing being filtered; empty when it has no such field. */
    @FunctionalInterface
    public interface Fields {
        Optional<String> get(List<String> path);
    }

    private Filters() {}

    public static Predicate<Fields> parse(List<String> filters) {
        return parse(filters, null);
    }

    /** As {@link #parse(List)}, refusing field paths whose first part is not in {@code knownFields}. */
    public static Predicate<Fields> parse(List<String> filters, Set<String> knownFields) {
        List<Predicate<Fields>> any = new ArrayList<>();
        for (String filter : filters) {
            if (filter.isBlank()) {
                return fields -> true;
            }
            any.add(new Parser(filter, knownFields).parse());
        }
        if (any.isEmpty()) {
            return fields -> true;
        }
        return fields -> any.stream().anyMatch(p -> p.test(fields));
    }

    private static final class Parser {
        private final String text;
        private final Set<String> knownFields;
        private int pos;

        Parser(String text, Set<String> knownFields) {
            this.text = text;
            this.knownFields = knownFields;
        }

        Predicate<Fields> parse() {
            List<Predicate<Fields>> all = new ArrayList<>();
            do {
                all.add(selector());
                skipSpaces();
            } while (accept(','));
            if (pos < text.length()) {
                throw error("unexpected \"" + text.substring(pos) + "\"");
            }
            return fields -> all.stream().allMatch(p -> p.test(fields));
        }

        private Predicate<Fields> selector() {
            List<String> path = fieldPath();
            skipSpaces();
            if (pos >= text.length() || text.charAt(pos) == ',') {
                return fields -> fields.get(path).isPresent();
            }
            String operator = operator();
            skipSpaces();
            String value = value();
            return switch (operator) {
                case "==" -> fields -> fields.get(path).map(value::equals).orElse(false);
                case "!=" -> fields -> !fields.get(path).orElse("").equals(value);
                default -> {
                    Pattern regex = compile(value);
                    yield fields -> regex.matcher(fields.get(path).orElse("")).find();
                }
            };
        }

        private List<String> fieldPath() {
            List<String> path = new ArrayList<>();
            do {
                skipSpaces();
                String component = peek() == '"' ? quoted() : bare(".,=!~ \t");
                if (component.isEmpty()) {
                    throw error("expected a field name at position " + pos);
                }
                path.add(component);
            } while (accept('.'));
            if (knownFields != null && !knownFields.contains(path.getFirst())) {
                throw error("unknown field \"" + path.getFirst() + "\"");
            }
            return path;
        }

        private String operator() {
            for (String op : List.of("==", "!=", "~=")) {
                if (text.startsWith(op, pos)) {
                    pos += op.length();
                    return op;
                }
            }
            throw error("expected ==, != or ~= at position " + pos);
        }

        private String value() {
            if (peek() == '"') {
                return quoted();
            }
            String value = bare(",").strip();
            if (value.isEmpty()) {
                throw error("expected a value at position " + pos);
            }
            return value;
        }

        private String quoted() {
            StringBuilder out = new StringBuilder();
            pos++;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\' && pos < text.length()) {
                    char escaped = text.charAt(pos++);
                    out.append(switch (escaped) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        default -> escaped;
                    });
                } else {
                    out.append(c);
                }
            }
            throw error("unterminated quoted string");
        }

        private String bare(String stops) {
            int start = pos;
            while (pos < text.length() && stops.indexOf(text.charAt(pos)) < 0) {
                pos++;
            }
            return text.substring(start, pos);
        }

        private boolean accept(char c) {
            if (peek() == c) {
                pos++;
                return true;
            }
            return false;
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : 0;
        }

        private void skipSpaces() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private Pattern compile(String regex) {
            try {
                return Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw error("invalid regular expression \"" + regex + "\"");
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("filter \"" + text + "\": " + what);
        }
    }
}
