package dev.berth.cli.command;

/** IPv4 CIDR arithmetic for network create's checks (docker's subnetMatches). */
final class Cidr {
    private Cidr() {}

    /** Whether {@code address} (an address or a CIDR) lies in {@code subnet}; false for what does not parse. */
    static boolean contains(String subnet, String address) {
        try {
            int slash = subnet.indexOf('/');
            if (slash < 0) {
                return false;
            }
            int bits = Integer.parseInt(subnet.substring(slash + 1));
            long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
            String host = address.contains("/") ? address.substring(0, address.indexOf('/')) : address;
            return (ipv4(subnet.substring(0, slash)) & mask) == (ipv4(host) & mask);
        } catch (RuntimeException e) {
            return false;
        }
    }

    static long ipv4(String text) {
        String[] parts = text.split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException(text);
        }
        long value = 0;
        for (String part : parts) {
            int octet = Integer.parseInt(part);
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException(text);
            }
            value = value << 8 | octet;
        }
        return value;
    }
}
