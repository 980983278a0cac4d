package dev.berth.network.state;

import java.util.Map;

/**
 * A network as persisted. {@code subnet}, {@code gateway} and {@code bridgeName} are empty for
 * drivers without addresses (host, null). Built-in networks are recreated at startup, never removed.
 *
 * @param userSubnet whether the subnet was given by the user (only then may endpoints ask for a fixed address)
 * @param ipRange    the CIDR containers' addresses come from, empty for the whole subnet
 * @param options    driver options as given, echoed back unchanged
 * @param created    creation time, ISO-8601
 */
public record NetworkRecord(
        String id,
        String name,
        String driver,
        String subnet,
        String gateway,
        String bridgeName,
        Map<String, String> labels,
        boolean builtIn,
        boolean userSubnet,
        String ipRange,
        boolean internal,
        Map<String, String> options,
        boolean attachable,
        String created) {
    /** Option naming the Linux bridge. */
    public static final String BRIDGE_NAME_OPTION = "com.docker.network.bridge.name";
    /** Option that turns masquerading off when "false". */
    public static final String MASQUERADE_OPTION = "com.docker.network.bridge.enable_ip_masquerade";

    /** Option setting the MTU of the network's interfaces. */
    public static final String MTU_OPTION = "com.docker.network.driver.mtu";

    public NetworkRecord {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        options = options == null ? Map.of() : Map.copyOf(options);
        subnet = subnet == null ? "" : subnet;
        gateway = gateway == null ? "" : gateway;
        bridgeName = bridgeName == null ? "" : bridgeName;
        ipRange = ipRange == null ? "" : ipRange;
        created = created == null ? "" : created;
    }

    /** A built-in network's record. */
    public static NetworkRecord builtIn(String id, String name, String driver, String subnet, String gateway,
                                        String bridgeName, String created) {
        return new NetworkRecord(id, name, driver, subnet, gateway, bridgeName, Map.of(), true, false, "", false,
                Map.of(), false, created);
    }

    /** Whether containers on it leave the bridge through the host's masquerading. */
    public boolean masquerades() {
        return !internal && !"false".equalsIgnoreCase(options.getOrDefault(MASQUERADE_OPTION, "true"));
    }

    /** The MTU the network's interfaces get, 0 for the kernel's default. */
    public int mtu() {
        String value = options.getOrDefault(MTU_OPTION, "");
        return value.isEmpty() ? 0 : Integer.parseInt(value);
    }

    /** User-defined bridges run a DNS server on their gateway address; the default bridge does not, as Docker's. */
    public boolean resolvesNames() {
        return !builtIn && !bridgeName.isEmpty();
    }

    /** The address of the network's DNS server, empty where names are not resolved. */
    public String dnsServer() {
        return resolvesNames() ? gateway : "";
    }
}
