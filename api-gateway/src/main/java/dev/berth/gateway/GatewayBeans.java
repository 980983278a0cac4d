package dev.berth.gateway;

import dev.berth.gateway.config.GatewaySettings;
import dev.berth.gateway.config.ServiceClients;
import dev.berth.gateway.container.ContainerService;
import dev.berth.gateway.container.runtime.ShimContainerService;
import dev.berth.gateway.image.ContentImageService;
import dev.berth.gateway.image.ImageService;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * The domain services over the peer services' channels. Each steps aside when the application
 * was given its own (tests hand in theirs as singletons).
 */
@Factory
public final class GatewayBeans {
    /** Exposed as its class, so it serves both as {@link ImageService} and as {@link dev.berth.gateway.image.ImageTags}. */
    @Singleton
    @Requires(missingBeans = ImageService.class)
    ContentImageService imageService(ServiceClients clients) {
        return new ContentImageService(clients);
    }

    /** docker save and load, where images live in the content store. */
    @Singleton
    @Requires(beans = ContentImageService.class)
    dev.berth.gateway.image.ImageArchives imageArchives(ContentImageService images, ServiceClients clients,
            dev.berth.gateway.config.GatewaySettings settings) {
        return new dev.berth.gateway.image.ImageArchives(images, clients, settings.root().resolve("tmp"));
    }

    /** The engine's events (GET /events), published by the container, image and network code. */
    @Singleton
    dev.berth.gateway.events.EventBus eventBus() {
        return new dev.berth.gateway.events.EventBus();
    }

    /** Network events (create, destroy, connect, disconnect) on the engine's bus. */
    @Singleton
    dev.berth.gateway.network.NetworkEvents networkEvents(dev.berth.gateway.events.EventBus events) {
        return new dev.berth.gateway.network.NetworkEvents(events);
    }

    /** /networks over the network service. */
    @Singleton
    dev.berth.gateway.network.GatewayNetworks networks(ServiceClients clients, dev.berth.gateway.network.NetworkEvents events) {
        return new dev.berth.gateway.network.GatewayNetworks(clients, events);
    }

    /** Recovered before it serves: records reloaded, shims of running containers re-attached. */
    @Singleton
    @Requires(missingBeans = ContainerService.class)
    @Bean(preDestroy = "close")
    ShimContainerService containerService(GatewaySettings settings, ServiceClients clients, ImageService images,
            dev.berth.gateway.events.EventBus events) {
        ShimContainerService service = new ShimContainerService(settings, clients, images, events);
        service.recover();
        Thread.ofVirtual().name("gc-roots-migration").start(() -> new GcRootsMigration(clients, settings.root().resolve("gc-roots-migrated")).run(images, service));
        return service;
    }
}
