package dev.berth.cli.compose.load;

import java.util.function.Function;

/**
 * Compose's variable interpolation in a value: $VAR, ${VAR}, ${VAR:-default}, ${VAR-default},
 * ${VAR:?error}, ${VAR?error}, ${VAR:+replacement}, ${VAR+replacement}, and $$ for a literal $.
 * The colon forms treat an empty value as unset. Defaults are themselves interpolated.
 */
public final class Interpolation {
    private final Function<String, String> lookup;

    /** @param lookup a variable's value, or null when it is unset */
    public Interpolation(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    /** @throws IllegalArgumentException with compose's words for a bad expression or a required variable */
    public String apply(String value) {
        if (value.indexOf('$') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c != '$' || i + 1 >= value.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = value.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '{') {
                int close = closingBrace(value, i + 2);
                if (close < 0) {
                    throw new IllegalArgumentException("Invalid template: \"" + value + "\"");
                }
                out.append(braced(value.substring(i + 2, close), value));
                i = close + 1;
            } else if (isNameStart(next)) {
                int end = i + 1;
                while (end < value.length() && isNamePart(value.charAt(end))) {
                    end++;
                }
                String found = lookup.apply(value.substring(i + 1, end));
                out.append(found == null ? "" : found);
                i = end;
            } else {
                throw new IllegalArgumentException("Invalid template: \"" + value + "\"");
            }
        }
        return out.toString();
    }

    private String braced(String expression, String whole) {
        int end = 0;
        while (end < expression.length() && isNamePart(expression.charAt(end))) {
            end++;
        }
        String name = expression.substring(0, end);
        if (name.isEmpty() || !isNameStart(name.charAt(0))) {
            throw new IllegalArgumentException("Invalid template: \"" + whole + "\"");
        }
        String rest = expression.substring(end);
        String found = lookup.apply(name);
        if (rest.isEmpty()) {
            return found == null ? "" : found;
        }
        boolean colon = rest.startsWith(":");
        String operation = colon ? rest.substring(1) : rest;
        if (operation.isEmpty()) {
            throw new IllegalArgumentException("Invalid template: \"" + whole + "\"");
        }
        boolean set = found != null && (!colon || !found.isEmpty());
        String argument = operation.substring(1);
        return switch (operation.charAt(0)) {
            case '-' -> set ? found : apply(argument);
            case '+' -> set ? apply(argument) : "";
            case '?' -> {
                if (!set) {
                    throw new IllegalArgumentException("required variable " + name + " is missing a value: " + apply(argument));
                }
                yield found;
            }
            default -> throw new IllegalArgumentException("Invalid template: \"" + whole + "\"");
        };
    }

    /** The brace closing the one opened before {@code from}, nested ${...} in defaults included. */
    private static int closingBrace(String value, int from) {
        int depth = 1;
        for (int i = from; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isNameStart(char c) {
        return c == '_' || Character.isLetter(c);
    }

    private static boolean isNamePart(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }
}
