package dev.berth.snapshot.tar;

import static dev.berth.snapshot.Errdefs.invalidArgument;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Pax extended header records, "LEN KEY=VALUE\n", with values kept as bytes. */
final class PaxRecords {
    /** Records that describe one entry and make no sense in a global header. */
    static final Set<String> PER_ENTRY = Set.of("path", "linkpath", "size");

    private PaxRecords() {}

    static Map<String, byte[]> parse(byte[] body) {
        Map<String, byte[]> records = new HashMap<>();
        int pos = 0;
        while (pos < body.length) {
            if (body[pos] == 0) {
                break; // some writers pad the body with NULs
            }
            int space = pos;
            long length = 0;
            while (space < body.length && body[space] != ' ') {
                byte b = body[space];
                if (b < '0' || b > '9' || space - pos > 7) {
                    throw invalidArgument("invalid pax record length");
                }
                length = length * 10 + (b - '0');
                space++;
            }
            int end = (int) (pos + length);
            if (space >= body.length || length <= space - pos + 1 || end > body.length || body[end - 1] != '\n') {
                throw invalidArgument("invalid pax record");
            }
            int equals = space + 1;
            while (equals < end - 1 && body[equals] != '=') {
                equals++;
            }
            if (equals >= end - 1 || equals == space + 1) {
                throw invalidArgument("invalid pax record: no key=value");
            }
            String key = new String(body, space + 1, equals - space - 1, StandardCharsets.UTF_8);
            byte[] value = new byte[end - 1 - (equals + 1)];
            System.arraycopy(body, equals + 1, value, 0, value.length);
            records.put(key, value);
            pos = end;
        }
        return records;
    }

    static long decimal(String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalidArgument("invalid pax record " + key + "=" + value);
        }
    }

    /** A pax time: seconds since the epoch with an optional fraction, possibly negative. */
    static Instant time(String key, String value) {
        if (!value.matches("-?[0-9]{1,18}(\\.[0-9]{0,30})?")) {
            throw invalidArgument("invalid pax record " + key + "=" + value);
        }
        int dot = value.indexOf('.');
        String whole = dot < 0 ? value : value.substring(0, dot);
        String fraction = dot < 0 ? "" : (value.substring(dot + 1) + "000000000").substring(0, 9);
        long seconds = Long.parseLong(whole);
        long nanos = fraction.isEmpty() ? 0 : Long.parseLong(fraction);
        if (value.startsWith("-") && nanos > 0) {
            return Instant.ofEpochSecond(seconds, -nanos); // -1.5 is 1.5 s before the epoch
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }
}
