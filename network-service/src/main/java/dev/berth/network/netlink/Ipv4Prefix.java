package dev.berth.network.netlink;

/** An IPv4 address with a prefix length ("10.66.0.2/16"), parsed without any name lookup. */
public record Ipv4Prefix(byte[] address, int length) {

    /** "a.b.c.d/n", or "a.b.c.d" for a /32. */
    public static Ipv4Prefix parse(String cidr) {
        int slash = cidr.indexOf('/');
        int length = slash < 0 ? 32 : Integer.parseInt(cidr.substring(slash + 1));
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("bad prefix length in " + cidr);
        }
        return new Ipv4Prefix(address(slash < 0 ? cidr : cidr.substring(0, slash)), length);
    }

    public static byte[] address(String dotted) {
        String[] parts = dotted.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + dotted);
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int octet = Integer.parseInt(parts[i]);
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + dotted);
            }
            bytes[i] = (byte) octet;
        }
        return bytes;
    }

    /** The subnet's broadcast address (host bits set), as {@code ip addr add ... brd +} computes it. */
    public byte[] broadcast() {
        int value = toInt(address) | (length == 0 ? -1 : (int) ((1L << (32 - length)) - 1));
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    /** "a.b.c.d/n". */
    @Override
    public String toString() {
        return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "."
                + (address[3] & 0xff) + "/" + length;
    }

    private static int toInt(byte[] bytes) {
        return ((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
    }
}
