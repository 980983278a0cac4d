package dev.berth.network.dns;

import dev.berth.network.ipam.Ipv4;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The resolvers the embedded DNS servers forward other names to: a setting, or the host's resolv.conf. */
public final class Upstreams {
    /** The setting's value for "forward nothing" (every forwarded query then fails with SERVFAIL). */
    public static final String NONE = "none";
    private static final int DNS_PORT = 53;

    private Upstreams() {}

    /** {@code ip[:port]} separated by commas; {@code none} for no resolver. IPv4 only. */
    public static List<InetSocketAddress> parse(String text) {
        List<InetSocketAddress> upstreams = new ArrayList<>();
        if (text.strip().equalsIgnoreCase(NONE)) {
            return upstreams;
        }
        for (String item : text.split(",")) {
            String entry = item.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            String host = colon < 0 ? entry : entry.substring(0, colon);
            int port = colon < 0 ? DNS_PORT : Integer.parseInt(entry.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("invalid DNS upstream \"" + entry + "\": port out of range");
            }
            upstreams.add(new InetSocketAddress(address(Ipv4.parse(host)), port));
        }
        return List.copyOf(upstreams);
    }

    /** Name servers given as IPv4 or IPv6 addresses (a container's --dns), on port 53. */
    public static List<InetSocketAddress> of(List<String> servers) {
        List<InetSocketAddress> upstreams = new ArrayList<>();
        for (String server : servers) {
            upstreams.add(new InetSocketAddress(literal(server), DNS_PORT));
        }
        return List.copyOf(upstreams);
    }

    /** An IPv4 or IPv6 address written out; anything else (a host name is never looked up) throws. */
    public static InetAddress literal(String text) {
        if (text.contains(":")) {
            try {
                return InetAddress.getByName(text); // a literal with a colon is parsed, never resolved
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("\"" + text + "\" is not an IP address");
            }
        }
        return address(Ipv4.parse(text));
    }

    /** The IPv4 nameservers of a resolv.conf, in order; none if it is missing. */
    public static List<InetSocketAddress> fromResolvConf(Path resolvConf) {
        List<InetSocketAddress> upstreams = new ArrayList<>();
        try {
            if (!Files.exists(resolvConf)) {
                return upstreams;
            }
            for (String line : Files.readAllLines(resolvConf)) {
                String[] fields = line.strip().split("\\s+");
                if (fields.length >= 2 && fields[0].equals("nameserver")) {
                    try {
                        upstreams.add(new InetSocketAddress(address(Ipv4.parse(fields[1])), DNS_PORT));
                    } catch (IllegalArgumentException ipv6) {
                        // IPv6 nameservers are skipped: the embedded servers forward over IPv4
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resolvConf + ": " + e.getMessage(), e);
        }
        return List.copyOf(upstreams);
    }

    private static InetAddress address(int ipv4) {
        try {
            return InetAddress.getByAddress(new byte[] {
                    (byte) (ipv4 >>> 24), (byte) (ipv4 >>> 16), (byte) (ipv4 >>> 8), (byte) ipv4});
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
