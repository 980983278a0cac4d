package dev.berth.gateway.container.runtime;

import dev.berth.gateway.api.DockerApiException;
import java.util.Map;

/** Linux signal names and numbers as Docker's API takes them: "KILL", "SIGKILL", "9". */
public final class Signals {
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    private static final Map<String, Integer> BY_NAME = Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4),
            Map.entry("TRAP", 5), Map.entry("ABRT", 6), Map.entry("IOT", 6), Map.entry("BUS", 7),
            Map.entry("FPE", 8), Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11),
            Map.entry("USR2", 12), Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15),
            Map.entry("STKFLT", 16), Map.entry("CHLD", 17), Map.entry("CONT", 18), Map.entry("STOP", 19),
            Map.entry("TSTP", 20), Map.entry("TTIN", 21), Map.entry("TTOU", 22), Map.entry("URG", 23),
            Map.entry("XCPU", 24), Map.entry("XFSZ", 25), Map.entry("VTALRM", 26), Map.entry("PROF", 27),
            Map.entry("WINCH", 28), Map.entry("IO", 29), Map.entry("POLL", 29), Map.entry("PWR", 30),
            Map.entry("SYS", 31), Map.entry("RTMIN", 34), Map.entry("RTMAX", 64));

    private Signals() {}

    /** The signal's number; {@code fallback} for null or empty; 400 "Invalid signal: x" otherwise. */
    public static int parse(String signal, int fallback) {
        if (signal == null || signal.isBlank()) {
            return fallback;
        }
        String s = signal.trim();
        if (s.chars().allMatch(Character::isDigit)) {
            try {
                int number = Integer.parseInt(s);
                if (number >= 1 && number <= 64) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // falls through to the error
            }
            throw DockerApiException.badRequest("Invalid signal: " + signal);
        }
        String name = s.toUpperCase();
        if (name.startsWith("SIG")) {
            name = name.substring(3);
        }
        Integer number = BY_NAME.get(name);
        if (number == null) {
            throw DockerApiException.badRequest("Invalid signal: " + signal);
        }
        return number;
    }
}
