package dev.berth.gateway.container;

import java.util.List;

/** The container's place on one network, as inspect's NetworkSettings.Networks.<name> shows it. */
public record NetworkEndpoint(
        String networkName,
        String networkId,
        String endpointId,
        String ipAddress,
        int prefixLength,
        String gateway,
        String macAddress,
        List<String> aliases) {}
