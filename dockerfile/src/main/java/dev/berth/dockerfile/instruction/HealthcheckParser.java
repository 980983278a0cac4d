package dev.berth.dockerfile.instruction;

import dev.berth.dockerfile.instruction.BuilderFlags.FlagException;
import dev.berth.dockerfile.instruction.InstructionParser.Request;
import dev.berth.dockerfile.syntax.GoText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** HEALTHCHECK's arguments and flags, with Docker's checks in Docker's order. */
final class HealthcheckParser {
    private static final Duration MINIMUM = Duration.ofMillis(1);

    private HealthcheckParser() {}

    static HealthConfig parse(Request req) throws InstructionException, FlagException {
        if (req.args().isEmpty()) throw req.error("HEALTHCHECK requires at least one argument");
        String type = req.args().get(0).toUpperCase(Locale.ROOT);
        List<String> rest = req.args().subList(1, req.args().size());
        if (type.equals("NONE")) {
            // Docker ignores flags on HEALTHCHECK NONE (it never parses them)
            if (!rest.isEmpty()) throw req.error("HEALTHCHECK NONE takes no arguments");
            return HealthConfig.none();
        }
        BuilderFlags flags = req.flags().declare("interval", "timeout", "start-period", "retries");
        flags.parse();
        if (!type.equals("CMD")) throw req.error("Unknown type " + GoText.quote(type) + " in HEALTHCHECK (try CMD)");
        CommandLine cmd = InstructionParser.commandLine(rest, req.json());
        if (cmd.args().isEmpty()) throw req.error("Missing command after HEALTHCHECK CMD");
        List<String> test = new ArrayList<>();
        test.add(req.json() ? "CMD" : "CMD-SHELL");
        test.addAll(cmd.args());
        Duration interval = interval(req, flags, "interval");
        Duration timeout = interval(req, flags, "timeout");
        Duration startPeriod = interval(req, flags, "start-period");
        return new HealthConfig(test, interval, timeout, startPeriod, retries(req, flags.valueOrEmpty("retries")));
    }

    private static Duration interval(Request req, BuilderFlags flags, String name) throws InstructionException {
        String value = flags.valueOrEmpty(name);
        if (value.isEmpty()) return Duration.ZERO;
        Duration d;
        try {
            d = GoDuration.parse(value);
        } catch (IllegalArgumentException e) {
            throw req.error(e.getMessage());
        }
        if (d.compareTo(MINIMUM) < 0) {
            throw req.error("Interval " + GoText.quote(name) + " cannot be less than 1ms");
        }
        return d;
    }

    /** strconv.ParseInt(value, 10, 32) with its messages, then Docker's lower bound. */
    private static int retries(Request req, String value) throws InstructionException {
        if (value.isEmpty()) return 0;
        if (!value.matches("[+-]?[0-9]+")) {
            throw req.error("strconv.ParseInt: parsing " + GoText.quote(value) + ": invalid syntax");
        }
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            parsed = Long.MAX_VALUE;
        }
        if (parsed > Integer.MAX_VALUE || parsed < Integer.MIN_VALUE) {
            throw req.error("strconv.ParseInt: parsing " + GoText.quote(value) + ": value out of range");
        }
        if (parsed < 1) throw req.error("--retries must be at least 1 (not " + parsed + ")");
        return (int) parsed;
    }
}
