package dev.berth.network.dns;

import dev.berth.network.netty.NettyTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.TcpDnsQueryDecoder;
import io.netty.handler.codec.dns.TcpDnsResponseEncoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;

/** One network's DNS server: UDP and TCP on port 53 of the network's gateway address. */
final class EmbeddedDnsServer implements AutoCloseable {
    static final int PORT = 53;
    private static final int TCP_IDLE_SECONDS = 30;

    private final Channel udp;
    private final Channel tcp;

    private EmbeddedDnsServer(Channel udp, Channel tcp) {
        this.udp = udp;
        this.tcp = tcp;
    }

    /** Binds both sockets; throws (binding nothing) if either is taken. */
    static EmbeddedDnsServer bind(NettyTransport transport, InetSocketAddress address, DnsQueryHandler handler) {
        Channel udp = new Bootstrap()
                .group(transport.group())
                .channel(transport.datagramChannel())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new DatagramDnsQueryDecoder(), new ResponseEncoder(), handler);
                    }
                })
                .bind(address).syncUninterruptibly().channel();
        try {
            Channel tcp = new ServerBootstrap()
                    .group(transport.group())
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel channel) {
                            channel.pipeline().addLast(new ReadTimeoutHandler(TCP_IDLE_SECONDS),
                                    new TcpDnsQueryDecoder(), new TcpDnsResponseEncoder(), handler);
                        }
                    })
                    .bind(address).syncUninterruptibly().channel();
            return new EmbeddedDnsServer(udp, tcp);
        } catch (RuntimeException e) {
            udp.close().syncUninterruptibly();
            throw e;
        }
    }

    /**
     * Encodes the server's own answers and lets forwarded ones (already a datagram packet)
     * pass: Netty's encoder would take any addressed message for a DNS response.
     */
    private static final class ResponseEncoder extends DatagramDnsResponseEncoder {
        @Override
        public boolean acceptOutboundMessage(Object message) {
            return message instanceof AddressedEnvelope<?, ?> envelope && envelope.content() instanceof DnsResponse;
        }
    }

    @Override
    public void close() {
        udp.close().syncUninterruptibly();
        tcp.close().syncUninterruptibly();
    }
}
