package dev.berth.dockerfile.instruction;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The port keys ("80/tcp") an EXPOSE adds to the image config, with the checks and messages of
 * Docker's nat.ParsePortSpecs that the builder applies after substitution: a port or a range
 * ("8000-8010"), an optional protocol (tcp, udp, sctp; tcp by default).
 */
public final class ExposedPorts {
    private ExposedPorts() {}

    public static Set<String> parse(List<String> specs) throws InstructionException {
        Set<String> keys = new LinkedHashSet<>();
        for (String spec : specs) keys.addAll(parse(spec));
        return keys;
    }

    private static Set<String> parse(String raw) throws InstructionException {
        // "ip:host:container" is accepted by nat; only the container part is exposed
        String containerPart = raw.substring(raw.lastIndexOf(':') + 1);
        String[] protoPort = splitProtoPort(containerPart);
        String proto = protoPort[0];
        String port = protoPort[1];
        if (port.isEmpty()) throw new InstructionException("No port specified: " + raw + "<empty>", 0, false);
        long[] range = portRange(port);
        if (range == null) throw new InstructionException("Invalid containerPort: " + port, 0, false);
        String lower = proto.toLowerCase(java.util.Locale.ROOT);
        if (!lower.equals("tcp") && !lower.equals("udp") && !lower.equals("sctp")) {
            throw new InstructionException("Invalid proto: " + proto, 0, false);
        }
        Set<String> keys = new LinkedHashSet<>();
        for (long p = range[0]; p <= range[1]; p++) keys.add(p + "/" + lower);
        return keys;
    }

    /** nat.SplitProtoPort: "80/udp" gives {udp, 80}; no protocol means tcp. */
    private static String[] splitProtoPort(String raw) {
        String[] parts = raw.split("/", -1);
        if (raw.isEmpty() || parts[0].isEmpty()) return new String[] {"", ""};
        if (parts.length == 1 || parts[1].isEmpty()) return new String[] {"tcp", parts[0]};
        return new String[] {parts[1], parts[0]};
    }

    /** nat.ParsePortRange with 16-bit ports; null when invalid. */
    private static long[] portRange(String ports) {
        String[] parts = ports.split("-", -1);
        Long start = port(parts[0]);
        Long end = parts.length == 1 ? start : port(parts[1]);
        if (start == null || end == null || end < start) return null;
        return new long[] {start, end};
    }

    private static Long port(String s) {
        if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9') || s.length() > 5) return null;
        long value = Long.parseLong(s);
        return value > 65535 ? null : value;
    }
}
