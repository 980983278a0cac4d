package dev.berth.network.dns;

import dev.berth.network.netty.NettyTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryEncoder;
import io.netty.handler.codec.dns.DefaultDnsQuery;
import io.netty.handler.codec.dns.DnsQuery;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.handler.codec.dns.TcpDnsQueryEncoder;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Asks the upstream resolvers, in order, what a network's DNS does not know, over the protocol the
 * client used. The query is re-encoded (with its id, so the answer fits the client as is) and the
 * answer relayed byte for byte: records Netty would not re-encode faithfully are never decoded.
 */
final class DnsForwarder {
    static final long TIMEOUT_MILLIS = 2000;
    private static final int MAX_TCP_MESSAGE = 65535;

    private final NettyTransport transport;
    private final List<InetSocketAddress> upstreams;

    DnsForwarder(NettyTransport transport, List<InetSocketAddress> upstreams) {
        this.transport = transport;
        this.upstreams = List.copyOf(upstreams);
    }

    /** Completes with the first upstream's raw answer, or with null when none answered in time. */
    Future<ByteBuf> forward(EventLoop loop, DnsQuery query, boolean overTcp) {
        return forward(loop, query, overTcp, upstreams);
    }

    /** The same with the client's own resolvers (its --dns) instead of the network's. */
    Future<ByteBuf> forward(EventLoop loop, DnsQuery query, boolean overTcp, List<InetSocketAddress> upstreams) {
        Promise<ByteBuf> answer = loop.newPromise();
        ask(loop, query, overTcp, List.copyOf(upstreams), 0, answer);
        return answer;
    }

    private void ask(EventLoop loop, DnsQuery query, boolean overTcp, List<InetSocketAddress> upstreams, int index,
                     Promise<ByteBuf> answer) {
        if (index >= upstreams.size()) {
            answer.trySuccess(null);
            return;
        }
        InetSocketAddress upstream = upstreams.get(index);
        Promise<ByteBuf> attempt = loop.newPromise();
        Channel channel = overTcp ? askOverTcp(loop, query, upstream, attempt) : askOverUdp(loop, query, upstream, attempt);
        loop.schedule(() -> attempt.trySuccess(null), TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        attempt.addListener(done -> {
            // later, not inside the channel's own read loop, which would read on the closed socket
            loop.execute(channel::close);
            ByteBuf raw = attempt.getNow();
            if (raw != null) {
                if (!answer.trySuccess(raw)) {
                    raw.release();
                }
            } else {
                ask(loop, query, overTcp, upstreams, index + 1, answer);
            }
        });
    }

    private Channel askOverUdp(EventLoop loop, DnsQuery query, InetSocketAddress upstream, Promise<ByteBuf> attempt) {
        ChannelFuture bound = new Bootstrap()
                .group(loop)
                .channel(transport.datagramChannel())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new DatagramDnsQueryEncoder(), new SimpleChannelInboundHandler<DatagramPacket>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                                if (packet.sender().equals(upstream)) {
                                    complete(attempt, packet.content());
                                }
                            }
                        });
                    }
                })
                .bind(0);
        DnsQuery copy = copy(query, new DatagramDnsQuery(null, upstream, query.id()));
        bound.addListener(done -> {
            if (done.isSuccess()) {
                bound.channel().writeAndFlush(copy);
            } else {
                copy.release();
                attempt.trySuccess(null);
            }
        });
        return bound.channel();
    }

    private Channel askOverTcp(EventLoop loop, DnsQuery query, InetSocketAddress upstream, Promise<ByteBuf> attempt) {
        ChannelHandler reader = new SimpleChannelInboundHandler<ByteBuf>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf message) {
                complete(attempt, message);
            }
        };
        ChannelFuture connected = new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new TcpDnsQueryEncoder(),
                                new LengthFieldBasedFrameDecoder(MAX_TCP_MESSAGE, 0, 2, 0, 2), reader);
                    }
                })
                .connect(upstream);
        DnsQuery copy = copy(query, new DefaultDnsQuery(query.id()));
        connected.addListener(done -> {
            if (done.isSuccess()) {
                connected.channel().writeAndFlush(copy);
            } else {
                copy.release();
                attempt.trySuccess(null);
            }
        });
        return connected.channel();
    }

    private static void complete(Promise<ByteBuf> attempt, ByteBuf message) {
        ByteBuf raw = message.retain();
        if (!attempt.trySuccess(raw)) {
            raw.release();
        }
    }

    /** The question and the additional records (EDNS0 options: the client's UDP size) of the client's query. */
    private static DnsQuery copy(DnsQuery from, DnsQuery to) {
        to.setOpCode(from.opCode()).setRecursionDesired(from.isRecursionDesired());
        for (int i = 0; i < from.count(DnsSection.QUESTION); i++) {
            to.addRecord(DnsSection.QUESTION, from.recordAt(DnsSection.QUESTION, i));
        }
        for (int i = 0; i < from.count(DnsSection.ADDITIONAL); i++) {
            DnsRecord record = from.recordAt(DnsSection.ADDITIONAL, i);
            to.addRecord(DnsSection.ADDITIONAL, record instanceof DnsRawRecord raw ? raw.retainedDuplicate() : record);
        }
        return to;
    }
}
