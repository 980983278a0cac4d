package dev.berth.cli.flags;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Flag values parsed as docker's CLI parses them (go-units sizes, big.Rat CPUs, Go durations),
 * failing with pflag's wording: invalid argument "x" for "-m, --memory" flag: invalid size: 'x'.
 */
public final class FlagValues {

    private FlagValues() {
    }

    /** go-units RAMInBytes: "512m", "1.5g", "64KiB", "100" (bytes); binary multiples. */
    public static long bytes(String flag, String value) {
        try {
            return ramInBytes(value);
        } catch (IllegalArgumentException e) {
            throw invalid(flag, value, e.getMessage());
        }
    }

    /** --memory-swap: a size, or -1 for unlimited swap. */
    public static long swapBytes(String flag, String value) {
        return value.equals("-1") ? -1 : bytes(flag, value);
    }

    /** --cpus: a decimal number of CPUs in units of 10^-9 (NanoCpus). */
    public static long nanoCpus(String flag, String value) {
        BigDecimal cpus;
        try {
            cpus = rational(value);
        } catch (NumberFormatException | ArithmeticException e) {
            throw invalid(flag, value, "failed to parse " + value + " as a rational number");
        }
        BigDecimal nanos = cpus.movePointRight(9);
        if (nanos.stripTrailingZeros().scale() > 0) {
            throw invalid(flag, value, "value is too precise");
        }
        return nanos.longValueExact();
    }

    /** Go's time.ParseDuration, in nanoseconds. */
    public static long durationNanos(String flag, String value) {
        try {
            return GoDuration.parseNanos(value);
        } catch (IllegalArgumentException e) {
            throw invalid(flag, value, e.getMessage());
        }
    }

    /** An integer flag (strconv.ParseInt's error in pflag's words). */
    public static long integer(String flag, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalid(flag, value, "strconv.ParseInt: parsing \"" + value + "\": invalid syntax");
        }
    }

    public static IllegalArgumentException invalid(String flag, String value, String reason) {
        return new IllegalArgumentException("invalid argument \"" + value + "\" for \"" + flag + "\" flag: " + reason);
    }

    /** big.Rat's SetString: a decimal ("1.5", ".5", "1e3") or a fraction ("3/2"). */
    private static BigDecimal rational(String value) {
        int slash = value.indexOf('/');
        if (slash >= 0) {
            BigDecimal numerator = new BigDecimal(value.substring(0, slash));
            BigDecimal denominator = new BigDecimal(value.substring(slash + 1));
            return numerator.divide(denominator, java.math.MathContext.DECIMAL128);
        }
        return new BigDecimal(value);
    }

    /** go-units parseSize with the binary map (k=1024, m=1024², ...). */
    static long ramInBytes(String size) {
        int sep = lastIndexOfAny(size, "01234567890. ");
        if (sep < 0) {
            throw new IllegalArgumentException("invalid size: '" + size + "'");
        }
        String number;
        String suffix;
        if (size.charAt(sep) != ' ') {
            number = size.substring(0, sep + 1);
            suffix = size.substring(sep + 1);
        } else {
            number = size.substring(0, sep);
            suffix = size.substring(sep + 1);
        }
        double value;
        try {
            if (!number.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
                throw new NumberFormatException();
            }
            value = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("strconv.ParseFloat: parsing \"" + number + "\": invalid syntax");
        }
        if (value < 0) {
            throw new IllegalArgumentException("invalid size: '" + size + "'");
        }
        if (suffix.isEmpty()) {
            return (long) value;
        }
        String unit = suffix.toLowerCase(Locale.ROOT);
        if (unit.length() > 3) {
            throw badSuffix(unit);
        }
        if (unit.charAt(0) == 'b') {
            if (unit.length() > 1) {
                throw badSuffix(unit);
            }
            return (long) value;
        }
        int power = "kmgtp".indexOf(unit.charAt(0)) + 1;
        if (power == 0) {
            throw badSuffix(unit);
        }
        if ((unit.length() == 2 && unit.charAt(1) != 'b') || (unit.length() == 3 && !unit.substring(1).equals("ib"))) {
            throw badSuffix(unit);
        }
        return (long) (value * Math.pow(1024, power));
    }

    private static IllegalArgumentException badSuffix(String suffix) {
        return new IllegalArgumentException("invalid suffix: '" + suffix + "'");
    }

    private static int lastIndexOfAny(String s, String chars) {
        for (int i = s.length() - 1; i >= 0; i--) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
