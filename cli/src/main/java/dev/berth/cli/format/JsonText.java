package dev.berth.cli.format;

import java.util.Collection;
import java.util.Map;

/**
 * Writes plain Java values (maps, lists, strings, numbers, booleans, null) as JSON the way Go
 * does: compact for the json template function (without HTML escaping, as docker sets it), or
 * indented like json.Indent for docker inspect ("key": value, [] and {} when empty).
 * Map order is kept: it is the order the daemon sent.
 */
public final class JsonText {

    private JsonText() {
    }

    public static String compact(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, null, 0, false);
        return out.toString();
    }

    /** Go's json.Marshal: compact, with <, > and & escaped (as u003c, u003e, u0026). */
    public static String marshal(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, null, 0, true);
        return out.toString();
    }

    public static String indented(Object value, String indent) {
        StringBuilder out = new StringBuilder();
        write(value, out, indent, 0, false);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out, String indent, int depth, boolean html) {
        switch (value) {
            case null -> out.append("null");
            case String s -> quote(s, out, html);
            case Boolean b -> out.append(b);
            case Number n -> out.append(GoValues.formatNumber(n));
            case Map<?, ?> m -> {
                if (m.isEmpty()) {
                    out.append("{}");
                    return;
                }
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    newline(out, indent, depth + 1);
                    quote(String.valueOf(e.getKey()), out, html);
                    out.append(indent == null ? ":" : ": ");
                    write(e.getValue(), out, indent, depth + 1, html);
                }
                newline(out, indent, depth);
                out.append('}');
            }
            case Collection<?> c -> {
                if (c.isEmpty()) {
                    out.append("[]");
                    return;
                }
                out.append('[');
                boolean first = true;
                for (Object o : c) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    newline(out, indent, depth + 1);
                    write(o, out, indent, depth + 1, html);
                }
                newline(out, indent, depth);
                out.append(']');
            }
            // docker marshals a list row with Go's json.Marshal, which escapes <, > and &
            case Row r -> write(r.jsonValue(), out, indent, depth, true);
            case FieldSource f -> quote(f.toString(), out, html);
            default -> quote(value.toString(), out, html);
        }
    }

    private static void newline(StringBuilder out, String indent, int depth) {
        if (indent != null) {
            out.append('\n');
            out.append(indent.repeat(depth));
        }
    }

    static void quote(String s, StringBuilder out, boolean html) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<', '>', '&' -> {
                    if (html) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
