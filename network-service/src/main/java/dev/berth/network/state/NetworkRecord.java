package dev.berth.network.state;

import java.util.Map;

/**
 * A network as persisted. {@code subnet}, {@code gateway} and {@code bridgeName} are empty for
 * drivers without addresses (host, null). Built-in networks are recreated at startup, never removed.
 */
public record NetworkRecord(
        String id,
        String name,
        String driver,
        String subnet,
        String gateway,
        String bridgeName,
        Map<String, String> labels,
        boolean builtIn) {

    public NetworkRecord {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        subnet = subnet == null ? "" : subnet;
        gateway = gateway == null ? "" : gateway;
        bridgeName = bridgeName == null ? "" : bridgeName;
    }
}
