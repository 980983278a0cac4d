package dev.berth.network.ipam;

/** IPv4 addresses as unsigned 32-bit values in an int, and their dotted-quad text. */
public final class Ipv4 {
    private Ipv4() {}

    /** Parses a dotted quad strictly (four decimal octets, no leading zeros that would read as octal elsewhere). */
    public static int parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("invalid IPv4 address \"" + text + "\"");
        }
        int value = 0;
        for (String part : parts) {
            if (!part.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(part) > 255) {
                throw new IllegalArgumentException("invalid IPv4 address \"" + text + "\"");
            }
            value = (value << 8) | Integer.parseInt(part);
        }
        return value;
    }

    public static String format(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff);
    }

    /** Docker's MAC for a container address: 02:42 followed by the four octets of the address. */
    public static String macFor(int address) {
        return String.format("02:42:%02x:%02x:%02x:%02x",
                address >>> 24, (address >>> 16) & 0xff, (address >>> 8) & 0xff, address & 0xff);
    }
}
