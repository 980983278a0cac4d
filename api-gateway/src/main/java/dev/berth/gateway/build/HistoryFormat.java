package dev.berth.gateway.build;

import dev.berth.dockerfile.instruction.HealthConfig;
import dev.berth.dockerfile.syntax.GoText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The texts Docker 20.10's classic builder writes into an image's history and into the Cmd of its
 * container config (the layer cache's key): {@code /bin/sh -c #(nop)  CMD ["sh"]} and the like,
 * with Go's {@code %q} and {@code %v} formatting of string lists.
 */
public final class HistoryFormat {
    private HistoryFormat() {}

    /** Go's {@code fmt.Sprintf("%q", []string{...})}: {@code ["a" "b c"]}. */
    public static String quotedList(List<String> words) {
        List<String> quoted = new ArrayList<>(words.size());
        for (String word : words) {
            quoted.add(GoText.quote(word));
        }
        return "[" + String.join(" ", quoted) + "]";
    }

    /** Go's {@code fmt.Sprintf("%v", []string{...})}: {@code [a b c]}. */
    public static String plainList(List<String> words) {
        return "[" + String.join(" ", words) + "]";
    }

    /**
     * The Cmd of a config-only step's container config (withCmdComment): the shell, then
     * {@code "#(nop) "} and the comment as two words, so joined by spaces it reads
     * {@code /bin/sh -c #(nop)  ENV A=b}.
     */
    public static List<String> nopCommand(List<String> shell, String comment) {
        List<String> cmd = new ArrayList<>(shell);
        cmd.add("#(nop) ");
        cmd.add(comment);
        return cmd;
    }

    /** WORKDIR, COPY and ADD's single-word form (withCmdCommentString): {@code /bin/sh -c #(nop) WORKDIR /app}. */
    public static List<String> nopCommandString(List<String> shell, String comment) {
        List<String> cmd = new ArrayList<>(shell);
        cmd.add("#(nop) " + comment);
        return cmd;
    }

    /** A history entry's created_by: the container config's Cmd joined by spaces. */
    public static String createdBy(List<String> cmd) {
        return String.join(" ", cmd);
    }

    /** The COPY/ADD comment: {@code COPY --chown=1:1 file:<sha256> in /app/ } (with its trailing space). */
    public static String copyComment(String instruction, String chown, String sourceHash, String destination) {
        String chownComment = chown == null || chown.isEmpty() ? "" : "--chown=" + chown;
        return instruction + " " + chownComment + sourceHash + " in " + destination + " ";
    }

    /**
     * {@code fmt.Sprintf("HEALTHCHECK %q", *container.HealthConfig)}: Go prints the struct's fields,
     * the durations as quoted strings and Retries as a quoted rune.
     */
    public static String healthcheck(HealthConfig health) {
        return "HEALTHCHECK &{" + quotedList(health.test()) + " " + GoText.quote(goDuration(health.interval())) + " "
                + GoText.quote(goDuration(health.timeout())) + " " + GoText.quote(goDuration(health.startPeriod())) + " "
                + goRune(health.retries()) + "}";
    }

    /** Go's time.Duration.String(): "0s", "1m30s", "1.5s", "300ms". */
    static String goDuration(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        boolean negative = nanos < 0;
        long u = Math.abs(nanos);
        String text;
        if (u < 1_000_000_000L) {
            if (u < 1_000) {
                text = u + "ns";
            } else if (u < 1_000_000) {
                text = fraction(u, 3) + "\u00b5s";
            } else {
                text = fraction(u, 6) + "ms";
            }
        } else {
            String seconds = fraction(u % 60_000_000_000L, 9) + "s";
            long minutes = u / 60_000_000_000L;
            if (minutes == 0) {
                text = seconds;
            } else {
                long hours = minutes / 60;
                minutes %= 60;
                text = (hours > 0 ? hours + "h" : "") + minutes + "m" + seconds;
            }
        }
        return negative ? "-" + text : text;
    }

    /** {@code value / 10^digits} with the fraction's trailing zeros dropped, as Go's fmtFrac does. */
    private static String fraction(long value, int digits) {
        long scale = (long) Math.pow(10, digits);
        long whole = value / scale;
        long frac = value % scale;
        if (frac == 0) {
            return Long.toString(whole);
        }
        String f = String.format("%0" + digits + "d", frac).replaceAll("0+$", "");
        return whole + "." + f;
    }

    /** Go's %q of an int: a quoted rune literal ('\x03', 'a'). */
    static String goRune(int value) {
        if (value >= 0x20 && value < 0x7f) {
            if (value == '\'' || value == '\\') {
                return "'\\" + (char) value + "'";
            }
            return "'" + (char) value + "'";
        }
        return switch (value) {
            case 7 -> "'\\a'";
            case 8 -> "'\\b'";
            case 9 -> "'\\t'";
            case 10 -> "'\\n'";
            case 11 -> "'\\v'";
            case 12 -> "'\\f'";
            case 13 -> "'\\r'";
            default -> value < 0x80 ? String.format("'\\x%02x'", value)
                    : value < 0x10000 ? "'" + new String(Character.toChars(value)) + "'" : String.format("'\\U%08x'", value);
        };
    }
}
