package dev.berth.gateway.http;

import dev.berth.gateway.container.ContainerService;
import dev.berth.gateway.http.hijack.ContainerStreamRoutes;
import dev.berth.gateway.http.hijack.StreamingRouteHandler;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import jakarta.inject.Singleton;

/**
 * Puts Berth's own Netty handlers into each accepted connection, right after Micronaut's HTTP
 * codec: the API version prefix handler, then the handler for attach and wait. Also enables
 * half-closure, so a client that shuts down its sending side of an attach (stdin EOF) keeps
 * receiving output.
 */
@Singleton
public final class DockerPipelineCustomizer implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
    public static final String VERSION_HANDLER = "berth-api-version";
    public static final String STREAMING_HANDLER = "berth-streaming-routes";

    private final BeanProvider<ContainerService> containers;

    public DockerPipelineCustomizer(BeanProvider<ContainerService> containers) {
        this.containers = containers;
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new NettyServerCustomizer() {
            @Override
            public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
                return role == ChannelRole.CONNECTION ? new ConnectionCustomizer(channel) : this;
            }
        });
        return event.getBean();
    }

    private final class ConnectionCustomizer implements NettyServerCustomizer {
        private final Channel channel;

        ConnectionCustomizer(Channel channel) {
            this.channel = channel;
            channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        }

        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return this;
        }

        @Override
        public void onStreamPipelineBuilt() {
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) == null || pipeline.get(VERSION_HANDLER) != null) {
                return;
            }
            pipeline.addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, VERSION_HANDLER, new ApiVersionHandler());
            pipeline.addAfter(VERSION_HANDLER, STREAMING_HANDLER,
                    new StreamingRouteHandler(new ContainerStreamRoutes(containers.get())));
        }
    }
}
