package dev.berth.gateway.container;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A snapshot of one container's record, for inspect and list. {@code name} has no leading
 * slash (the HTTP layer adds Docker's "/"); {@code imageId} is "sha256:..." and
 * {@code imageRef} the image as the user named it; {@code health} is null without a health check.
 */
public record Container(
        String id,
        String name,
        Instant created,
        String imageId,
        String imageRef,
        String path,
        List<String> args,
        ContainerConfig config,
        HostConfig hostConfig,
        ContainerState state,
        List<NetworkEndpoint> networks,
        int restartCount,
        Path logPath,
        Path resolvConfPath,
        Path hostnamePath,
        Path hostsPath,
        List<String> warnings,
        HealthState health) {
    public Container withWarnings(List<String> newWarnings) {
        return new Container(id, name, created, imageId, imageRef, path, args, config, hostConfig, state, networks,
                restartCount, logPath, resolvConfPath, hostnamePath, hostsPath, newWarnings, health);
    }
}
