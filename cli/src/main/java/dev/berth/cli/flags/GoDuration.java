package dev.berth.cli.flags;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's time.ParseDuration: "300ms", "-1.5h", "2h45m", "0"; units ns, us, µs, ms, s, m, h. */
public final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

    private GoDuration() {
    }

    public static long parseNanos(String text) {
        String rest = text;
        boolean negative = false;
        if (!rest.isEmpty() && (rest.charAt(0) == '-' || rest.charAt(0) == '+')) {
            negative = rest.charAt(0) == '-';
            rest = rest.substring(1);
        }
        if (rest.equals("0")) {
            return 0;
        }
        if (rest.isEmpty()) {
            throw invalid(text);
        }
        Matcher m = PART.matcher(rest);
        int position = 0;
        BigDecimal nanos = BigDecimal.ZERO;
        while (position < rest.length()) {
            if (!m.find(position) || m.start() != position) {
                if (rest.substring(position).matches("\\d+\\.?\\d*|\\.\\d+")) {
                    throw new IllegalArgumentException("time: missing unit in duration \"" + text + "\"");
                }
                throw invalid(text);
            }
            BigDecimal amount = new BigDecimal(m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1));
            nanos = nanos.add(amount.multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
            position = m.end();
        }
        long value = nanos.longValue();
        return negative ? -value : value;
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("time: invalid duration \"" + text + "\"");
    }
}
