package dev.berth.registry.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235): a scheme ("bearer", "basic",
 * lower-cased) and its parameters, e.g. {@code Bearer realm="https://auth/token",service="reg",scope="repository:a:pull"}.
 */
public record AuthChallenge(String scheme, Map<String, String> parameters) {

    public AuthChallenge {
        scheme = scheme.toLowerCase(Locale.ROOT);
        parameters = Map.copyOf(parameters);
    }

    public boolean isBearer() {
        return scheme.equals("bearer");
    }

    public boolean isBasic() {
        return scheme.equals("basic");
    }

    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Parses every challenge in one header value; unparseable trailing text is ignored, as Docker does. */
    public static List<AuthChallenge> parse(String header) {
        List<AuthChallenge> challenges = new ArrayList<>();
        if (header == null) {
            return challenges;
        }
        Cursor in = new Cursor(header);
        while (!in.atEnd()) {
            in.skip(" \t,");
            String scheme = in.token();
            if (scheme.isEmpty()) {
                break;
            }
            Map<String, String> params = new LinkedHashMap<>();
            while (true) {
                in.skip(" \t");
                int mark = in.position;
                String name = in.token();
                in.skip(" \t");
                if (name.isEmpty() || !in.consume('=')) {
                    in.position = mark; // not a parameter: the next challenge's scheme (or garbage)
                    break;
                }
                in.skip(" \t");
                params.put(name.toLowerCase(Locale.ROOT), in.peek() == '"' ? in.quoted() : in.token());
                in.skip(" \t");
                if (!in.consume(',')) {
                    break;
                }
            }
            challenges.add(new AuthChallenge(scheme, params));
        }
        return challenges;
    }

    /** The first Bearer challenge if any, else the first Basic one: Docker prefers tokens. */
    public static Optional<AuthChallenge> preferred(List<AuthChallenge> challenges) {
        return challenges.stream().filter(AuthChallenge::isBearer).findFirst()
                .or(() -> challenges.stream().filter(AuthChallenge::isBasic).findFirst());
    }

    private static final class Cursor {
        private static final String SEPARATORS = " \t,=\";";
        private final String text;
        private int position;

        Cursor(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return position >= text.length();
        }

        char peek() {
            return atEnd() ? 0 : text.charAt(position);
        }

        void skip(String chars) {
            while (!atEnd() && chars.indexOf(text.charAt(position)) >= 0) {
                position++;
            }
        }

        boolean consume(char c) {
            if (peek() == c) {
                position++;
                return true;
            }
            return false;
        }

        String token() {
            int start = position;
            while (!atEnd() && SEPARATORS.indexOf(text.charAt(position)) < 0) {
                position++;
            }
            return text.substring(start, position);
        }

        String quoted() {
            position++; // opening quote
            StringBuilder value = new StringBuilder();
            while (!atEnd()) {
                char c = text.charAt(position++);
                if (c == '\\' && !atEnd()) {
                    value.append(text.charAt(position++));
                } else if (c == '"') {
                    break;
                } else {
                    value.append(c);
                }
            }
            return value.toString();
        }
    }
}
