package dev.berth.network.ipam;

/** An IPv4 subnet in CIDR form, e.g. 10.66.0.0/16. */
public record Subnet(int network, int prefixLength) {
    /** Containers need a network, a gateway, a broadcast and at least one host address. */
    private static final int LONGEST_USABLE_PREFIX = 30;

    public Subnet {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("subnet prefix length must be between 0 and 32, got " + prefixLength);
        }
        if ((network & ~mask(prefixLength)) != 0) {
            throw new IllegalArgumentException("invalid subnet " + Ipv4.format(network) + "/" + prefixLength
                    + ": not the network address, did you mean " + Ipv4.format(network & mask(prefixLength)) + "/"
                    + prefixLength + "?");
        }
    }

    /** A subnet containers can live in: a network, a gateway, a broadcast and at least one host address. */
    public static Subnet parse(String cidr) {
        Subnet subnet = parseAny(cidr);
        if (subnet.prefixLength < 1 || subnet.prefixLength > LONGEST_USABLE_PREFIX) {
            throw new IllegalArgumentException("subnet prefix length must be between 1 and " + LONGEST_USABLE_PREFIX
                    + ", got " + subnet.prefixLength);
        }
        return subnet;
    }

    /** Any IPv4 prefix, /0 to /32 (routes, address ranges). */
    public static Subnet parseAny(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0 || !cidr.substring(slash + 1).matches("[0-9]{1,2}")) {
            throw new IllegalArgumentException("invalid subnet \"" + cidr + "\": expected CIDR such as 10.66.0.0/16");
        }
        return new Subnet(Ipv4.parse(cidr.substring(0, slash)), Integer.parseInt(cidr.substring(slash + 1)));
    }

    public int broadcast() {
        return network | ~mask(prefixLength);
    }

    /** The first host address, Berth's default gateway for the subnet. */
    public int firstHost() {
        return network + 1;
    }

    public boolean contains(int address) {
        return (address & mask(prefixLength)) == network;
    }

    /** Whether the two share any address (one contains the other). */
    public boolean overlaps(Subnet other) {
        int shorter = Math.min(prefixLength, other.prefixLength);
        return ((network ^ other.network) & mask(shorter)) == 0;
    }

    /** Whether every address of {@code other} is in this subnet. */
    public boolean encloses(Subnet other) {
        return other.prefixLength >= prefixLength && contains(other.network);
    }

    /** True for addresses a host may use: inside the subnet, neither the network nor the broadcast address. */
    public boolean isHost(int address) {
        return contains(address) && address != network && address != broadcast();
    }

    private static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    @Override
    public String toString() {
        return Ipv4.format(network) + "/" + prefixLength;
    }
}
