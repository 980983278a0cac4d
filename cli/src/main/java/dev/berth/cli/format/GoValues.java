package dev.berth.cli.format;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How Go's fmt and text/template see plain Java values decoded from JSON: lists print as
 * [a b], maps as map[k:v] with sorted keys, nil as <nil>, integral numbers without a fraction.
 */
public final class GoValues {

    private GoValues() {
    }

    /** Text of a value printed by a template action: nil is "<no value>". */
    public static String printAction(Object value) {
        return value == null ? "<no value>" : format(value);
    }

    /** fmt's %v. */
    public static String format(Object value) {
        StringBuilder out = new StringBuilder();
        format(value, out);
        return out.toString();
    }

    private static void format(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("<nil>");
            case String s -> out.append(s);
            case Number n -> out.append(formatNumber(n));
            case Map<?, ?> m -> {
                out.append("map[");
                boolean first = true;
                for (Map.Entry<String, Object> e : sortedEntries(m)) {
                    if (!first) {
                        out.append(' ');
                    }
                    first = false;
                    out.append(e.getKey()).append(':');
                    format(e.getValue(), out);
                }
                out.append(']');
            }
            case Collection<?> c -> {
                out.append('[');
                boolean first = true;
                for (Object o : c) {
                    if (!first) {
                        out.append(' ');
                    }
                    first = false;
                    format(o, out);
                }
                out.append(']');
            }
            default -> out.append(value);
        }
    }

    static Iterable<Map.Entry<String, Object>> sortedEntries(Map<?, ?> m) {
        TreeMap<String, Object> sorted = new TreeMap<>();
        m.forEach((k, v) -> sorted.put(String.valueOf(k), v));
        return sorted.entrySet();
    }

    /** Numbers as Go prints them: integers plainly, floats in shortest form with e+XX for huge or tiny values. */
    public static String formatNumber(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte || n instanceof BigInteger) {
            return n.toString();
        }
        BigDecimal d;
        if (n instanceof BigDecimal b) {
            d = b;
        } else {
            double v = n.doubleValue();
            if (Double.isNaN(v)) {
                return "NaN";
            }
            if (Double.isInfinite(v)) {
                return v > 0 ? "+Inf" : "-Inf";
            }
            d = new BigDecimal(Double.toString(v));
        }
        if (d.signum() == 0) {
            return "0";
        }
        d = d.stripTrailingZeros();
        if (d.scale() <= 0 && d.precision() - d.scale() <= 21) {
            return d.toBigInteger().toString();
        }
        int exponent = d.precision() - d.scale() - 1;
        if (exponent < -4 || exponent >= 21) {
            String digits = d.unscaledValue().abs().toString();
            String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
            String sign = d.signum() < 0 ? "-" : "";
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        }
        return d.toPlainString();
    }

    /** text/template's notion of truth: false, 0, nil and empty strings, lists and maps are false. */
    public static boolean truth(Object value) {
        return switch (value) {
            case null -> false;
            case Boolean b -> b;
            case String s -> !s.isEmpty();
            case Number n -> n instanceof BigDecimal b ? b.signum() != 0 : n.doubleValue() != 0;
            case Collection<?> c -> !c.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            default -> true;
        };
    }

    /** The elements {{range}} visits: list items, map values by sorted key, 0..n-1 for an integer. */
    static List<Map.Entry<Object, Object>> rangeItems(Object value) {
        List<Map.Entry<Object, Object>> items = new ArrayList<>();
        switch (value) {
            case null -> {
            }
            case Collection<?> c -> {
                long i = 0;
                for (Object o : c) {
                    items.add(Map.entry(i++, o == null ? NULL : o));
                }
            }
            case Map<?, ?> m -> {
                for (Map.Entry<String, Object> e : sortedEntries(m)) {
                    items.add(Map.entry(e.getKey(), e.getValue() == null ? NULL : e.getValue()));
                }
            }
            case Long n -> {
                for (long i = 0; i < n; i++) {
                    items.add(Map.entry(i, i));
                }
            }
            case Integer n -> {
                for (long i = 0; i < n; i++) {
                    items.add(Map.entry(i, i));
                }
            }
            default -> throw new TemplateException("range can't iterate over " + format(value));
        }
        return items;
    }

    /** Map.entry refuses null values; this marker stands in for them inside rangeItems. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "<nil>";
        }
    };

    static Object unwrap(Object value) {
        return value == NULL ? null : value;
    }

    /** Go's name for the value's type, for error messages. */
    static String typeName(Object value) {
        return switch (value) {
            case null -> "<nil>";
            case String s -> "string";
            case Boolean b -> "bool";
            case Long l -> "int";
            case Integer i -> "int";
            case BigInteger b -> "int";
            case Number n -> "float64";
            case Map<?, ?> m -> "map[string]interface {}";
            case Collection<?> c -> "[]interface {}";
            case FieldSource f -> f.typeName();
            default -> value.getClass().getSimpleName();
        };
    }
}
