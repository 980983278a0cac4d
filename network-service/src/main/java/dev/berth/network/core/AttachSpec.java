package dev.berth.network.core;

import java.util.List;

/** Attach's request as the controller takes it: empty strings for what is not given. */
public record AttachSpec(String containerId, String network, List<String> aliases, String containerName,
                            String ipv4Address) {
    public AttachSpec {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        containerName = containerName == null ? "" : containerName;
        ipv4Address = ipv4Address == null ? "" : ipv4Address;
    }

    public static AttachSpec of(String containerId, String network) {
        return new AttachSpec(containerId, network, List.of(), "", "");
    }
}
