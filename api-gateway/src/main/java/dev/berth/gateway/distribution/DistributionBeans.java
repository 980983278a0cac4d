package dev.berth.gateway.distribution;

import dev.berth.gateway.config.ServiceClients;
import dev.berth.gateway.events.EventBus;
import dev.berth.gateway.image.ContentImageService;
import dev.berth.gateway.image.RepoDigests;
import dev.berth.registry.RegistryClient;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * Pull, push and login. One registry client per process (it shares connections, auth challenges and
 * tokens); pull and push exist only over the content-store image service, so a gateway given other
 * image services (the HTTP tests' fakes) has none and answers pulls as before.
 */
@Factory
public final class DistributionBeans {
    @Singleton
    @Bean(preDestroy = "close")
    RegistryClient registryClient() {
        return RegistryClient.builder().build();
    }

    @Singleton
    @Requires(beans = ContentImageService.class)
    ImagePuller imagePuller(RegistryClient registries, ContentImageService images, ServiceClients clients, EventBus events) {
        return new ImagePuller(registries, images, new LocalContent(clients), new RepoDigests(clients), events);
    }

    @Singleton
    @Requires(beans = ContentImageService.class)
    ImagePusher imagePusher(RegistryClient registries, ContentImageService images, ServiceClients clients, EventBus events) {
        return new ImagePusher(registries, images, new LocalContent(clients), new RepoDigests(clients), events);
    }
}
