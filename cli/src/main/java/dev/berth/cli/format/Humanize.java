package dev.berth.cli.format;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;

/** docker's (go-units) human-readable sizes and durations. */
public final class Humanize {
    private static final String[] DECIMAL_UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
    private static final String[] BINARY_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};

    private Humanize() {
    }

    /** units.HumanSizeWithPrecision(size, 3): 4290000 -> "4.29MB", 1000 -> "1kB". */
    public static String size(double bytes) {
        return scaled(bytes, 1000, DECIMAL_UNITS, 3);
    }

    /** units.HumanSize: decimal units with 4 significant digits, as prune's "Total reclaimed space". */
    public static String size4(double bytes) {
        return scaled(bytes, 1000, DECIMAL_UNITS, 4);
    }

    /** units.BytesSize: binary units with 4 significant digits, 1536 -> "1.5KiB". */
    public static String binarySize(double bytes) {
        return scaled(bytes, 1024, BINARY_UNITS, 4);
    }

    private static String scaled(double size, double base, String[] units, int precision) {
        int i = 0;
        while (size >= base && i < units.length - 1) {
            size /= base;
            i++;
        }
        return formatG(size, precision) + units[i];
    }

    /** Go's %.{precision}g: shortest of fixed or exponent form, trailing zeros dropped. */
    public static String formatG(double value, int precision) {
        if (value == 0) {
            return "0";
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return GoValues.formatNumber(value);
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= precision) {
            String digits = rounded.unscaledValue().abs().toString().replaceAll("0+$", "");
            String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
            return (rounded.signum() < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                    + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        }
        String plain = rounded.toPlainString();
        if (plain.contains(".")) {
            plain = plain.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return plain;
    }

    /** units.HumanDuration: "Less than a second", "5 seconds", "About a minute", "3 hours", "2 weeks", ... */
    public static String duration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 1) {
            return "Less than a second";
        }
        if (seconds == 1) {
            return "1 second";
        }
        if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = d.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        }
        if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = Math.round(d.toMillis() / 3_600_000.0);
        if (hours == 1) {
            return "About an hour";
        }
        if (hours < 48) {
            return hours + " hours";
        }
        if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        }
        if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        }
        if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return d.toHours() / 24 / 365 + " years";
    }

    /** go-units HumanDuration of now minus the time, plus " ago", as docker's CREATED columns show it. */
    public static String ago(Duration d) {
        return duration(d) + " ago";
    }

    /** docker's Ellipsis: at most max runes, the last one replaced by … when cut. */
    public static String ellipsis(String s, int max) {
        int runes = s.codePointCount(0, s.length());
        if (runes <= max) {
            return s;
        }
        if (max <= 1) {
            return s.substring(0, s.offsetByCodePoints(0, Math.max(max, 0)));
        }
        return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
    }
}
