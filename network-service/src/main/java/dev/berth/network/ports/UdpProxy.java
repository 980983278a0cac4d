package dev.berth.network.ports;

import dev.berth.network.netty.NettyTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Docker's userland proxy for UDP: datagrams to the host port go to the container from a socket
 * kept per client address, and the container's answers go back to that client from the host
 * port. A client's socket is closed after {@link #IDLE_SECONDS} without traffic, as Docker's.
 */
final class UdpProxy {
    static final int IDLE_SECONDS = 90;

    private UdpProxy() {}

    /** Binds the host port; throws if it is taken. Closing the returned channel closes every flow. */
    static Channel bind(NettyTransport transport, InetSocketAddress listen, InetSocketAddress target) {
        Map<InetSocketAddress, ChannelFuture> flows = new ConcurrentHashMap<>();
        Bootstrap front = new Bootstrap()
                .group(transport.group())
                .channel(transport.datagramChannel())
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        ChannelFuture flow = flows.computeIfAbsent(packet.sender(),
                                client -> openFlow(transport, ctx.channel(), client, target, flows));
                        ByteBuf data = packet.content().retain();
                        // the flow's socket may still be binding: never block the event loop for it
                        flow.addListener(bound -> {
                            if (bound.isSuccess()) {
                                flow.channel().writeAndFlush(new DatagramPacket(data, target));
                            } else {
                                data.release();
                            }
                        });
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) {
                        flows.values().forEach(flow -> flow.channel().close());
                    }
                });
        return front.bind(listen).syncUninterruptibly().channel();
    }

    private static ChannelFuture openFlow(NettyTransport transport, Channel front, InetSocketAddress client,
                                          InetSocketAddress target, Map<InetSocketAddress, ChannelFuture> flows) {
        Bootstrap back = new Bootstrap()
                .group(front.eventLoop())
                .channel(transport.datagramChannel())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS));
                        channel.pipeline().addLast(new SimpleChannelInboundHandler<DatagramPacket>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket answer) {
                                front.writeAndFlush(new DatagramPacket(answer.content().retain(), client));
                            }

                            @Override
                            public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                                if (event instanceof IdleStateEvent) {
                                    ctx.close();
                                }
                            }
                        });
                    }
                });
        ChannelFuture flow = back.bind(0);
        flow.channel().closeFuture().addListener(closed -> flows.remove(client, flow));
        return flow;
    }
}
