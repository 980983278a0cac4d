package dev.berth.network;

import dev.berth.common.service.ServiceOptions;
import dev.berth.network.dns.Upstreams;
import dev.berth.network.ipam.Ipv4;
import dev.berth.network.ipam.Subnet;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Settings of the default bridge network, the user-defined networks and Berth's iptables chains.
 *
 * @param bridgeName   the Linux bridge of the default network (setting {@code bridge.name}, default berth0)
 * @param subnet       its subnet (setting {@code bridge.subnet}, default 10.66.0.0/16)
 * @param gateway      the bridge's own address (setting {@code bridge.gateway}, default the subnet's first host)
 * @param chainPrefix  prefix of Berth's iptables chains, {@code <prefix>-POSTROUTING} and the others
 *                     (setting {@code iptables.chain-prefix}, default BERTH)
 * @param pool         where user-defined networks without a subnet get theirs, a /24 at a time
 *                     (setting {@code pool.subnet}, default 10.89.0.0/16)
 * @param dnsUpstreams where the embedded DNS servers forward names they do not know (setting
 *                     {@code dns.upstreams}: ip[:port],...; {@code none} for none; default the host's
 *                     /etc/resolv.conf nameservers)
 */
public record NetworkSettings(String bridgeName, Subnet subnet, int gateway, String chainPrefix, Subnet pool,
                              List<InetSocketAddress> dnsUpstreams) {
    public static final String DEFAULT_BRIDGE = "berth0";
    public static final String DEFAULT_SUBNET = "10.66.0.0/16";
    public static final String DEFAULT_CHAIN_PREFIX = "BERTH";
    public static final String DEFAULT_POOL = "10.89.0.0/16";
    /** Each user-defined network taken from the pool gets a subnet of this size. */
    public static final int POOL_PREFIX_LENGTH = 24;
    private static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");

    // Linux interface names are at most 15 bytes; iptables chain names at most 28 (the prefix gets "-POSTROUTING").
    private static final Pattern INTERFACE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");
    private static final Pattern CHAIN_PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,15}");

    public NetworkSettings {
        if (!validInterfaceName(bridgeName)) {
            throw new IllegalArgumentException("invalid bridge name \"" + bridgeName
                    + "\": 1 to 15 characters of [A-Za-z0-9_.-]");
        }
        if (!subnet.isHost(gateway)) {
            throw new IllegalArgumentException("gateway " + Ipv4.format(gateway) + " is not a host address of " + subnet);
        }
        if (!CHAIN_PREFIX.matcher(chainPrefix).matches()) {
            throw new IllegalArgumentException("invalid iptables chain prefix \"" + chainPrefix
                    + "\": 1 to 16 characters of [A-Za-z0-9_-]");
        }
        if (pool.prefixLength() > POOL_PREFIX_LENGTH) {
            throw new IllegalArgumentException("address pool " + pool + " is smaller than one /" + POOL_PREFIX_LENGTH);
        }
        dnsUpstreams = List.copyOf(dnsUpstreams);
    }

    public static boolean validInterfaceName(String name) {
        return INTERFACE_NAME.matcher(name).matches();
    }

    /** The given bridge and subnet, with the subnet's first host as gateway, the default pool and upstreams. */
    public static NetworkSettings of(String bridgeName, String subnet, String chainPrefix) {
        Subnet parsed = Subnet.parse(subnet);
        return new NetworkSettings(bridgeName, parsed, parsed.firstHost(), chainPrefix, Subnet.parse(DEFAULT_POOL),
                Upstreams.fromResolvConf(RESOLV_CONF));
    }

    public static NetworkSettings defaults() {
        return of(DEFAULT_BRIDGE, DEFAULT_SUBNET, DEFAULT_CHAIN_PREFIX);
    }

    public NetworkSettings withPool(String cidr) {
        return new NetworkSettings(bridgeName, subnet, gateway, chainPrefix, Subnet.parse(cidr), dnsUpstreams);
    }

    public NetworkSettings withDnsUpstreams(List<InetSocketAddress> upstreams) {
        return new NetworkSettings(bridgeName, subnet, gateway, chainPrefix, pool, upstreams);
    }

    /** Reads the settings from the service's configuration file or environment. */
    public static NetworkSettings from(ServiceOptions options) {
        Subnet subnet = Subnet.parse(options.setting("bridge.subnet", DEFAULT_SUBNET));
        String gateway = options.setting("bridge.gateway", Ipv4.format(subnet.firstHost()));
        String upstreams = options.setting("dns.upstreams", "");
        return new NetworkSettings(
                options.setting("bridge.name", DEFAULT_BRIDGE),
                subnet,
                Ipv4.parse(gateway),
                options.setting("iptables.chain-prefix", DEFAULT_CHAIN_PREFIX),
                Subnet.parse(options.setting("pool.subnet", DEFAULT_POOL)),
                upstreams.isEmpty() ? Upstreams.fromResolvConf(RESOLV_CONF) : Upstreams.parse(upstreams));
    }
}
