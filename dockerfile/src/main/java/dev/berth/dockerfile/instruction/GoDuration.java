package dev.berth.dockerfile.instruction;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/** Go's {@code time.ParseDuration}, with its error messages ("time: invalid duration \"x\""). */
final class GoDuration {
    private static final Map<String, BigInteger> UNIT_NANOS = Map.of(
            "ns", BigInteger.ONE,
            "us", BigInteger.valueOf(1_000), "\u00b5s", BigInteger.valueOf(1_000), "\u03bcs", BigInteger.valueOf(1_000),
            "ms", BigInteger.valueOf(1_000_000),
            "s", BigInteger.valueOf(1_000_000_000L),
            "m", BigInteger.valueOf(60_000_000_000L),
            "h", BigInteger.valueOf(3_600_000_000_000L));
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private GoDuration() {}

    static Duration parse(String text) throws IllegalArgumentException {
        String quoted = dev.berth.dockerfile.syntax.GoText.quote(text);
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) return Duration.ZERO;
        if (s.isEmpty()) throw invalid(quoted);
        BigDecimal total = BigDecimal.ZERO;
        while (!s.isEmpty()) {
            int i = 0;
            while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) i++;
            String whole = s.substring(0, i);
            String fraction = "";
            if (i < s.length() && s.charAt(i) == '.') {
                int j = ++i;
                while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
                fraction = s.substring(j, i);
            }
            if (whole.isEmpty() && fraction.isEmpty()) throw invalid(quoted);
            int u = i;
            while (u < s.length() && s.charAt(u) != '.' && !(s.charAt(u) >= '0' && s.charAt(u) <= '9')) u++;
            String unit = s.substring(i, u);
            if (unit.isEmpty()) throw new IllegalArgumentException("time: missing unit in duration " + quoted);
            BigInteger nanos = UNIT_NANOS.get(unit);
            if (nanos == null) {
                throw new IllegalArgumentException("time: unknown unit " + dev.berth.dockerfile.syntax.GoText.quote(unit)
                        + " in duration " + quoted);
            }
            BigDecimal number = new BigDecimal((whole.isEmpty() ? "0" : whole) + (fraction.isEmpty() ? "" : "." + fraction));
            total = total.add(number.multiply(new BigDecimal(nanos)));
            if (total.toBigInteger().compareTo(MAX) > 0) throw invalid(quoted);
            s = s.substring(u);
        }
        long value = total.toBigInteger().longValueExact();
        return Duration.ofNanos(negative ? -value : value);
    }

    private static IllegalArgumentException invalid(String quoted) {
        return new IllegalArgumentException("time: invalid duration " + quoted);
    }
}
