package dev.berth.gateway.volume;

import dev.berth.gateway.config.GatewaySettings;
import dev.berth.gateway.container.ContainerService;
import dev.berth.gateway.container.runtime.ShimContainerService;
import dev.berth.gateway.events.EventBus;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The engine's volumes: those of the container service, whose containers reference them. */
@Factory
public final class VolumeBeans {
    @Singleton
    Volumes volumes(ContainerService containers, GatewaySettings settings, EventBus bus) {
        if (containers instanceof ShimContainerService shim) {
            return shim.volumes();
        }
        // a container service of a test's own: volumes of their own, referenced by nothing
        Volumes volumes = new Volumes(settings.root().resolve("volumes"), bus);
        volumes.load(new ContainerMounts(settings.containersDir(), "config.v2.json"));
        return volumes;
    }
}
