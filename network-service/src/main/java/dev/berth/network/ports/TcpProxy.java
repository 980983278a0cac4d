package dev.berth.network.ports;

import dev.berth.network.netty.NettyTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import java.net.InetSocketAddress;

/**
 * Docker's userland proxy for TCP: listens on the host port and joins each connection to a new
 * one to the container, byte for byte, half-closes included. Reads are paced by writes (auto-read
 * off), so a slow side never makes the proxy buffer without bound.
 */
final class TcpProxy {
    private TcpProxy() {}

    /** Binds the listener; throws if the port is taken. */
    static Channel bind(NettyTransport transport, InetSocketAddress listen, InetSocketAddress target) {
        ServerBootstrap server = new ServerBootstrap()
                .group(transport.group())
                .channel(transport.serverChannel())
                // a restarted service must get its ports back while old connections sit in TIME_WAIT;
                // a port another socket listens on still fails to bind
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel client) {
                        client.pipeline().addLast(new ClientSide(transport, target));
                    }
                });
        return server.bind(listen).syncUninterruptibly().channel();
    }

    /** One side of a proxied connection: what it reads, its half-close and its end go to {@link #peer()}. */
    private abstract static class Side extends ChannelInboundHandlerAdapter {
        abstract Channel peer();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            forward(ctx.channel(), peer(), message);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            halfClose(event, ctx.channel(), peer());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closeWhenFlushed(peer());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            closeWhenFlushed(ctx.channel());
        }
    }

    /** The accepted connection: connects to the container, then relays. */
    private static final class ClientSide extends Side {
        private final NettyTransport transport;
        private final InetSocketAddress target;
        private Channel container;

        ClientSide(NettyTransport transport, InetSocketAddress target) {
            this.transport = transport;
            this.target = target;
        }

        @Override
        Channel peer() {
            return container;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel client = ctx.channel();
            Bootstrap connect = new Bootstrap()
                    .group(client.eventLoop())
                    .channel(transport.socketChannel())
                    .option(ChannelOption.AUTO_READ, false)
                    .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .handler(new Relay(client));
            ChannelFuture connected = connect.connect(target);
            container = connected.channel();
            connected.addListener(done -> {
                if (!done.isSuccess()) {
                    client.close();
                }
            });
        }
    }

    /** The container side's handler: starts both reads once connected. */
    private static final class Relay extends Side {
        private final Channel peer;

        Relay(Channel peer) {
            this.peer = peer;
        }

        @Override
        Channel peer() {
            return peer;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.read();
            peer.read();
        }
    }

    /** Writes what {@code from} read to {@code to}, and reads more from {@code from} once it is written. */
    private static void forward(Channel from, Channel to, Object message) {
        to.writeAndFlush(message).addListener((ChannelFutureListener) written -> {
            if (written.isSuccess()) {
                from.read();
            } else {
                written.channel().close();
            }
        });
    }

    /** One side sent FIN: pass it on, and close a side once both of its directions are done. */
    private static void halfClose(Object event, Channel from, Channel to) {
        if (event instanceof ChannelInputShutdownEvent && to instanceof DuplexChannel duplex) {
            duplex.shutdownOutput().addListener(done -> {
                if (duplex.isShutdown()) {
                    duplex.close();
                }
                if (from instanceof DuplexChannel self && self.isShutdown()) {
                    self.close();
                }
            });
        }
    }

    private static void closeWhenFlushed(Channel channel) {
        if (channel == null) {
            return;
        }
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }
}
