package dev.berth.network;

import dev.berth.common.service.ServiceOptions;
import dev.berth.network.ipam.Ipv4;
import dev.berth.network.ipam.Subnet;
import java.util.regex.Pattern;

/**
 * Settings of the default bridge network and of Berth's iptables chains.
 *
 * @param bridgeName  the Linux bridge of the default network (setting {@code bridge.name}, default berth0)
 * @param subnet      its subnet (setting {@code bridge.subnet}, default 10.66.0.0/16)
 * @param gateway     the bridge's own address (setting {@code bridge.gateway}, default the subnet's first host)
 * @param chainPrefix prefix of Berth's iptables chains, {@code <prefix>-POSTROUTING} and {@code <prefix>-FORWARD}
 *                    (setting {@code iptables.chain-prefix}, default BERTH)
 */
public record NetworkSettings(String bridgeName, Subnet subnet, int gateway, String chainPrefix) {
    public static final String DEFAULT_BRIDGE = "berth0";
    public static final String DEFAULT_SUBNET = "10.66.0.0/16";
    public static final String DEFAULT_CHAIN_PREFIX = "BERTH";

    // Linux interface names are at most 15 bytes; iptables chain names at most 28 (the prefix gets "-POSTROUTING").
    private static final Pattern INTERFACE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");
    private static final Pattern CHAIN_PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,15}");

    public NetworkSettings {
        if (!INTERFACE_NAME.matcher(bridgeName).matches()) {
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
    }

    /** The given bridge and subnet, with the subnet's first host as gateway. */
    public static NetworkSettings of(String bridgeName, String subnet, String chainPrefix) {
        Subnet parsed = Subnet.parse(subnet);
        return new NetworkSettings(bridgeName, parsed, parsed.firstHost(), chainPrefix);
    }

    public static NetworkSettings defaults() {
        return of(DEFAULT_BRIDGE, DEFAULT_SUBNET, DEFAULT_CHAIN_PREFIX);
    }

    /** Reads the settings from the service's configuration file or environment. */
    public static NetworkSettings from(ServiceOptions options) {
        Subnet subnet = Subnet.parse(options.setting("bridge.subnet", DEFAULT_SUBNET));
        String gateway = options.setting("bridge.gateway", Ipv4.format(subnet.firstHost()));
        return new NetworkSettings(
                options.setting("bridge.name", DEFAULT_BRIDGE),
                subnet,
                Ipv4.parse(gateway),
                options.setting("iptables.chain-prefix", DEFAULT_CHAIN_PREFIX));
    }
}
