package dev.berth.snapshot.service;

import static dev.berth.snapshot.Errdefs.invalidArgument;

import dev.berth.snapshot.meta.SnapshotRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * containerd's filter syntax for snapshots: a filter is selectors joined by "," (all must
 * match), several filters match when any does. A selector is a field path ({@code name},
 * {@code parent}, {@code kind}, {@code labels.<key>}, quoted parts allowed) optionally followed
 * by {@code ==}, {@code !=} or {@code ~=} (regular expression) and a value; a bare field path
 * matches when the field is not empty.
 */
final class SnapshotFilter {
    private SnapshotFilter() {}

    static Predicate<SnapshotRecord> parse(List<String> filters) {
        List<Predicate<SnapshotRecord>> any = new ArrayList<>();
        for (String filter : filters) {
            if (!filter.isBlank()) {
                any.add(new Parser(filter).filter());
            }
        }
        if (any.isEmpty()) {
            return record -> true;
        }
        return record -> any.stream().anyMatch(p -> p.test(record));
    }

    static String field(SnapshotRecord record, List<String> path) {
        return switch (path.getFirst()) {
            case "name" -> path.size() == 1 ? record.key() : "";
            case "parent" -> path.size() == 1 ? record.parent() : "";
            case "kind" -> path.size() == 1 ? record.kind().name().toLowerCase(Locale.ROOT) : "";
            // containerd joins the rest of an unquoted path, so labels.a.b/c means the label "a.b/c"
            case "labels" -> path.size() >= 2 ? record.labels().getOrDefault(String.join(".", path.subList(1, path.size())), "") : "";
            default -> "";
        };
    }

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        Predicate<SnapshotRecord> filter() {
            List<Predicate<SnapshotRecord>> all = new ArrayList<>();
            do {
                all.add(selector());
                skipSpaces();
            } while (consume(","));
            if (pos != text.length()) {
                throw error("unexpected input at " + pos);
            }
            return record -> all.stream().allMatch(p -> p.test(record));
        }

        private Predicate<SnapshotRecord> selector() {
            List<String> path = new ArrayList<>();
            do {
                skipSpaces();
                path.add(text.startsWith("\"", pos) ? quoted() : identifier());
            } while (consume("."));
            skipSpaces();
            if (!List.of("name", "parent", "kind", "labels").contains(path.getFirst())) {
                throw error("unknown field " + path.getFirst());
            }
            String op = text.startsWith("==", pos) ? "==" : text.startsWith("!=", pos) ? "!=" : text.startsWith("~=", pos) ? "~=" : null;
            if (op == null) {
                return record -> !field(record, path).isEmpty();
            }
            pos += 2;
            skipSpaces();
            String value = text.startsWith("\"", pos) ? quoted() : bareValue();
            return switch (op) {
                case "==" -> record -> field(record, path).equals(value);
                case "!=" -> record -> !field(record, path).equals(value);
                default -> {
                    Pattern pattern;
                    try {
                        pattern = Pattern.compile(value);
                    } catch (PatternSyntaxException e) {
                        throw error("bad regular expression " + value);
                    }
                    yield record -> pattern.matcher(field(record, path)).find();
                }
            };
        }

        private String identifier() {
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || "_-/".indexOf(text.charAt(pos)) >= 0)) {
                pos++;
            }
            if (start == pos) {
                throw error("expected a field name at " + pos);
            }
            return text.substring(start, pos);
        }

        private String bareValue() {
            int start = pos;
            while (pos < text.length() && text.charAt(pos) != ',') {
                pos++;
            }
            String value = text.substring(start, pos).trim();
            if (value.isEmpty()) {
                throw error("expected a value at " + start);
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
                    c = text.charAt(pos++);
                }
                out.append(c);
            }
            throw error("unterminated quote");
        }

        private boolean consume(String s) {
            if (text.startsWith(s, pos)) {
                pos += s.length();
                return true;
            }
            return false;
        }

        private void skipSpaces() {
            while (pos < text.length() && text.charAt(pos) == ' ') {
                pos++;
            }
        }

        private RuntimeException error(String what) {
            return invalidArgument("filter \"" + text + "\": " + what);
        }
    }
}
