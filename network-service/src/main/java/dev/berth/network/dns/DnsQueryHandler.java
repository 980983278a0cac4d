package dev.berth.network.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DefaultDnsResponse;
import io.netty.handler.codec.dns.DnsOpCode;
import io.netty.handler.codec.dns.DnsQuery;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Supplier;

/**
 * Answers one network's queries, over UDP ({@link DatagramDnsQuery}) or TCP: from the network's
 * records when the name is one of its containers', else from the upstream resolvers, else (none
 * answered, or none configured) SERVFAIL, as Docker's embedded DNS does.
 */
@Sharable
final class DnsQueryHandler extends SimpleChannelInboundHandler<DnsQuery> {
    private final Supplier<DnsRecords> records;
    private final DnsForwarder forwarder;

    DnsQueryHandler(Supplier<DnsRecords> records, DnsForwarder forwarder) {
        this.records = records;
        this.forwarder = forwarder;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DnsQuery query) {
        DnsQuestion question = query.count(DnsSection.QUESTION) == 1 ? query.recordAt(DnsSection.QUESTION) : null;
        if (question == null || !query.opCode().equals(DnsOpCode.QUERY)) {
            ctx.writeAndFlush(response(query, question, List.of(), DnsResponseCode.FORMERR));
            return;
        }
        List<DnsRecord> local = LocalAnswers.answer(records.get(), question);
        if (local != null) {
            ctx.writeAndFlush(response(query, question, local, DnsResponseCode.NOERROR));
            return;
        }
        // the query is released when this method returns: keep only what the reply needs
        DnsResponse servfail = response(query, question, List.of(), DnsResponseCode.SERVFAIL);
        InetSocketAddress client = query instanceof DatagramDnsQuery datagram ? datagram.sender() : null;
        InetSocketAddress asker = client != null ? client
                : ctx.channel().remoteAddress() instanceof InetSocketAddress remote ? remote : null;
        // a container started with --dns is answered from its own resolvers, as Docker's embedded DNS does
        List<InetSocketAddress> own = asker == null ? List.of() : records.get().upstreamsOf(asker.getAddress());
        Future<ByteBuf> forwarded = own.isEmpty()
                ? forwarder.forward(ctx.channel().eventLoop(), query, client == null)
                : forwarder.forward(ctx.channel().eventLoop(), query, client == null, own);
        forwarded.addListener(done -> {
            ByteBuf raw = (ByteBuf) done.getNow();
            if (raw == null) {
                ctx.writeAndFlush(servfail);
            } else {
                servfail.release();
                ctx.writeAndFlush(client != null ? new DatagramPacket(raw, client) : lengthPrefixed(raw));
            }
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a malformed query over TCP ends that connection; the UDP socket must stay open for everyone else
        if (!(ctx.channel() instanceof DatagramChannel)) {
            ctx.close();
        }
    }

    private static DnsResponse response(DnsQuery query, DnsQuestion question, List<DnsRecord> answers,
                                        DnsResponseCode code) {
        DnsResponse response = query instanceof DatagramDnsQuery datagram
                ? new DatagramDnsResponse(datagram.recipient(), datagram.sender(), query.id(), query.opCode(), code)
                : new DefaultDnsResponse(query.id(), query.opCode(), code);
        response.setRecursionDesired(query.isRecursionDesired()).setRecursionAvailable(true);
        if (question != null) {
            response.addRecord(DnsSection.QUESTION, question);
        }
        answers.forEach(answer -> response.addRecord(DnsSection.ANSWER, answer));
        return response;
    }

    private static ByteBuf lengthPrefixed(ByteBuf message) {
        return Unpooled.wrappedBuffer(Unpooled.copyShort(message.readableBytes()), message);
    }
}
