package dev.berth.cli.format;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** Go's template builtins that docker users rely on, plus docker's own (json, join, split, upper, ...). */
final class TemplateFunctions {

    static final Map<String, Function<List<Object>, Object>> ALL = Map.ofEntries(
            Map.entry("and", TemplateFunctions::and),
            Map.entry("or", TemplateFunctions::or),
            Map.entry("not", args -> !GoValues.truth(arg(args, 0, 1, "not"))),
            Map.entry("len", args -> length(arg(args, 0, 1, "len"))),
            Map.entry("index", TemplateFunctions::index),
            Map.entry("slice", TemplateFunctions::slice),
            Map.entry("print", args -> sprint(args)),
            Map.entry("println", args -> sprintln(args)),
            Map.entry("printf", TemplateFunctions::printf),
            Map.entry("eq", TemplateFunctions::eq),
            Map.entry("ne", args -> !equal(arg(args, 0, 2, "ne"), args.get(1))),
            Map.entry("lt", args -> compare(args, "lt") < 0),
            Map.entry("le", args -> compare(args, "le") <= 0),
            Map.entry("gt", args -> compare(args, "gt") > 0),
            Map.entry("ge", args -> compare(args, "ge") >= 0),
            Map.entry("urlquery", args -> URLEncoder.encode(sprint(args), StandardCharsets.UTF_8)),
            Map.entry("json", args -> JsonText.compact(arg(args, 0, 1, "json"))),
            Map.entry("join", TemplateFunctions::join),
            Map.entry("split", args -> split(text(arg(args, 0, 2, "split")), text(args.get(1)))),
            Map.entry("upper", args -> text(arg(args, 0, 1, "upper")).toUpperCase(Locale.ROOT)),
            Map.entry("lower", args -> text(arg(args, 0, 1, "lower")).toLowerCase(Locale.ROOT)),
            Map.entry("title", args -> title(text(arg(args, 0, 1, "title")))),
            Map.entry("pad", args -> " ".repeat((int) integer(arg(args, 1, 3, "pad"))) + text(args.get(0))
                    + " ".repeat((int) integer(args.get(2)))),
            Map.entry("truncate", args -> truncate(text(arg(args, 0, 2, "truncate")), (int) integer(args.get(1)))));

    private TemplateFunctions() {
    }

    private static Object arg(List<Object> args, int index, int expected, String name) {
        if (args.size() != expected) {
            throw new TemplateException("wrong number of args for " + name + ": want " + expected + " got " + args.size());
        }
        return args.get(index);
    }

    private static Object and(List<Object> args) {
        if (args.isEmpty()) {
            throw new TemplateException("wrong number of args for and: want at least 1 got 0");
        }
        for (Object a : args) {
            if (!GoValues.truth(a)) {
                return a;
            }
        }
        return args.getLast();
    }

    private static Object or(List<Object> args) {
        if (args.isEmpty()) {
            throw new TemplateException("wrong number of args for or: want at least 1 got 0");
        }
        for (Object a : args) {
            if (GoValues.truth(a)) {
                return a;
            }
        }
        return args.getLast();
    }

    private static long length(Object v) {
        return switch (v) {
            case String s -> s.getBytes(StandardCharsets.UTF_8).length;
            case Collection<?> c -> c.size();
            case Map<?, ?> m -> m.size();
            case null -> throw new TemplateException("error calling len: len of nil pointer");
            default -> throw new TemplateException("error calling len: len of type " + GoValues.typeName(v));
        };
    }

    private static Object index(List<Object> args) {
        if (args.isEmpty()) {
            throw new TemplateException("wrong number of args for index: want at least 1 got 0");
        }
        Object v = args.getFirst();
        for (Object key : args.subList(1, args.size())) {
            v = switch (v) {
                case Map<?, ?> m -> m.get(text(key));
                case List<?> l -> {
                    long i = integer(key);
                    if (i < 0 || i >= l.size()) {
                        throw new TemplateException("error calling index: index out of range: " + i);
                    }
                    yield l.get((int) i);
                }
                case FieldSource f -> f.field(text(key));
                case null -> throw new TemplateException("error calling index: index of untyped nil");
                default -> throw new TemplateException("error calling index: can't index item of type " + GoValues.typeName(v));
            };
        }
        return v;
    }

    private static Object slice(List<Object> args) {
        if (args.isEmpty()) {
            throw new TemplateException("wrong number of args for slice: want at least 1 got 0");
        }
        Object v = args.getFirst();
        int size = v instanceof String s ? s.length() : v instanceof List<?> l ? l.size() : -1;
        if (size < 0) {
            throw new TemplateException("error calling slice: can't slice item of type " + GoValues.typeName(v));
        }
        int from = args.size() > 1 ? (int) integer(args.get(1)) : 0;
        int to = args.size() > 2 ? (int) integer(args.get(2)) : size;
        if (from < 0 || to > size || from > to) {
            throw new TemplateException("error calling slice: index out of range");
        }
        return v instanceof String s ? s.substring(from, to) : new ArrayList<>(((List<?>) v).subList(from, to));
    }

    /** fmt.Sprint: operands separated by a space when neither side is a string. */
    static String sprint(List<Object> args) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (i > 0 && !(a instanceof String) && !(args.get(i - 1) instanceof String)) {
                out.append(' ');
            }
            out.append(GoValues.format(a));
        }
        return out.toString();
    }

    private static String sprintln(List<Object> args) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(GoValues.format(args.get(i)));
        }
        return out.append('\n').toString();
    }

    /** fmt.Sprintf for the common verbs: %v %s %d %q %t %f %e %g %x %% with flags, width and precision. */
    static String printf(List<Object> args) {
        if (args.isEmpty()) {
            throw new TemplateException("wrong number of args for printf: want at least 1 got 0");
        }
        String format = text(args.getFirst());
        List<Object> values = args.subList(1, args.size());
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            int start = i++;
            while (i < format.length() && "+-# 0".indexOf(format.charAt(i)) >= 0) {
                i++;
            }
            while (i < format.length() && (Character.isDigit(format.charAt(i)) || format.charAt(i) == '.')) {
                i++;
            }
            if (i >= format.length()) {
                out.append("%!(NOVERB)");
                break;
            }
            char verb = format.charAt(i);
            String spec = format.substring(start + 1, i);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (next >= values.size()) {
                out.append("%!").append(verb).append("(MISSING)");
                continue;
            }
            Object v = values.get(next++);
            out.append(formatVerb(spec, verb, v));
        }
        return out.toString();
    }

    private static String formatVerb(String spec, char verb, Object v) {
        String flags = spec.replaceAll("[0-9.].*$", "");
        String widthAndPrecision = spec.substring(flags.length());
        String javaFlags = flags.replace("+", "+").replace("#", "");
        return switch (verb) {
            case 'v', 's' -> pad(spec, GoValues.format(v));
            case 'q' -> pad(spec, quoteGo(GoValues.format(v)));
            case 't' -> pad(spec, String.valueOf(v));
            case 'd' -> v instanceof Number ? String.format("%" + javaFlags + widthAndPrecision.replaceAll("\\..*", "") + "d", integer(v))
                    : "%!d(" + GoValues.typeName(v) + "=" + GoValues.format(v) + ")";
            case 'x', 'X' -> v instanceof Number ? String.format("%" + widthAndPrecision.replaceAll("\\..*", "") + verb, integer(v))
                    : pad(spec, hex(GoValues.format(v), verb == 'X'));
            case 'f', 'e', 'g', 'F', 'E', 'G' -> v instanceof Number n
                    ? String.format("%" + javaFlags + widthAndPrecision + Character.toLowerCase(verb) + "", n.doubleValue())
                    : "%!" + verb + "(" + GoValues.typeName(v) + "=" + GoValues.format(v) + ")";
            default -> "%!" + verb + "(" + GoValues.typeName(v) + "=" + GoValues.format(v) + ")";
        };
    }

    private static String pad(String spec, String s) {
        boolean left = spec.contains("-");
        String digits = spec.replaceAll("[^0-9.]", "");
        int dot = digits.indexOf('.');
        if (dot >= 0) {
            String precision = digits.substring(dot + 1);
            int p = precision.isEmpty() ? 0 : Integer.parseInt(precision);
            if (s.codePointCount(0, s.length()) > p) {
                s = s.substring(0, s.offsetByCodePoints(0, p));
            }
            digits = digits.substring(0, dot);
        }
        int width = digits.isEmpty() ? 0 : Integer.parseInt(digits);
        int len = s.codePointCount(0, s.length());
        if (len >= width) {
            return s;
        }
        return left ? s + " ".repeat(width - len) : " ".repeat(width - len) + s;
    }

    private static String hex(String s, boolean upper) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            out.append(String.format(upper ? "%02X" : "%02x", b));
        }
        return out.toString();
    }

    /** strconv.Quote: printable characters stay as they are, others are escaped. */
    static String quoteGo(String s) {
        StringBuilder out = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 7 -> out.append("\\a");
                case 8 -> out.append("\\b");
                case 12 -> out.append("\\f");
                case 11 -> out.append("\\v");
                default -> {
                    if (cp < 0x20 || cp == 0x7f) {
                        out.append(String.format("\\x%02x", cp));
                    } else if (Character.isISOControl(cp) || !Character.isDefined(cp)) {
                        out.append(cp > 0xffff ? String.format("\\U%08x", cp) : String.format("\\u%04x", cp));
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    private static Object eq(List<Object> args) {
        if (args.size() < 2) {
            throw new TemplateException("wrong number of args for eq: want at least 2 got " + args.size());
        }
        Object first = args.getFirst();
        for (Object other : args.subList(1, args.size())) {
            if (equal(first, other)) {
                return true;
            }
        }
        return false;
    }

    static boolean equal(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return decimal(x).compareTo(decimal(y)) == 0;
        }
        return Objects.equals(a, b);
    }

    private static int compare(List<Object> args, String name) {
        Object a = arg(args, 0, 2, name);
        Object b = args.get(1);
        if (a instanceof Number x && b instanceof Number y) {
            return decimal(x).compareTo(decimal(y));
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        throw new TemplateException("error calling " + name + ": incompatible types for comparison");
    }

    private static BigDecimal decimal(Number n) {
        return switch (n) {
            case BigDecimal b -> b;
            case BigInteger b -> new BigDecimal(b);
            case Double d -> BigDecimal.valueOf(d);
            case Float f -> BigDecimal.valueOf(f);
            default -> BigDecimal.valueOf(n.longValue());
        };
    }

    private static String join(List<Object> args) {
        Object list = arg(args, 0, 2, "join");
        String sep = text(args.get(1));
        if (list == null) {
            return "";
        }
        if (!(list instanceof Collection<?> c)) {
            throw new TemplateException("error calling join: wrong type for value; expected []string; got " + GoValues.typeName(list));
        }
        List<String> parts = new ArrayList<>();
        for (Object o : c) {
            parts.add(GoValues.format(o));
        }
        return String.join(sep, parts);
    }

    private static List<Object> split(String s, String sep) {
        if (sep.isEmpty()) {
            return new ArrayList<>(s.codePoints().mapToObj(Character::toString).toList());
        }
        return new ArrayList<>(Arrays.asList((Object[]) s.split(java.util.regex.Pattern.quote(sep), -1)));
    }

    private static String title(String s) {
        StringBuilder out = new StringBuilder();
        boolean start = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(start ? Character.toTitleCase(c) : c);
            start = !Character.isLetterOrDigit(c) && c != '_' && c != '\'';
        }
        return out.toString();
    }

    private static String truncate(String s, int n) {
        return s.codePointCount(0, s.length()) <= n ? s : s.substring(0, s.offsetByCodePoints(0, Math.max(n, 0)));
    }

    static String text(Object o) {
        if (o instanceof String s) {
            return s;
        }
        throw new TemplateException("wrong type for value; expected string; got " + GoValues.typeName(o));
    }

    static long integer(Object o) {
        if (o instanceof Number n && (n instanceof Long || n instanceof Integer || n instanceof BigInteger
                || decimal(n).stripTrailingZeros().scale() <= 0)) {
            return n.longValue();
        }
        throw new TemplateException("wrong type for value; expected int; got " + GoValues.typeName(o));
    }
}
