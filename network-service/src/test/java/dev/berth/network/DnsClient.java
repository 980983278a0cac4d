package dev.berth.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryEncoder;
import io.netty.handler.codec.dns.DatagramDnsResponseDecoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsPtrRecord;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsSection;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** A DNS client for the tests: one question over UDP or TCP, the answer's code and records as text. */
final class DnsClient {
    /** The response code (NoError, NXDomain, ServFail), A addresses and PTR names of an answer. */
    record Answer(String code, List<String> addresses, List<String> names) {}

    private DnsClient() {}

    static Answer udp(String server, int port, String name, DnsRecordType type) throws Exception {
        byte[] query = encode(name, type);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(1500);
            for (int attempt = 0; attempt < 4; attempt++) {
                socket.send(new java.net.DatagramPacket(query, query.length, new InetSocketAddress(server, port)));
                java.net.DatagramPacket packet = new java.net.DatagramPacket(new byte[4096], 4096);
                try {
                    socket.receive(packet);
                    return decode(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                } catch (java.net.SocketTimeoutException retry) {
                    // ask again: the first datagram may go while the bridge's neighbours settle
                }
            }
            throw new java.net.SocketTimeoutException("no answer from " + server + ":" + port + " for " + name);
        }
    }

    static Answer tcp(String server, int port, String name, DnsRecordType type) throws Exception {
        byte[] query = encode(name, type);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server, port), 3000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {(byte) (query.length >> 8), (byte) query.length});
            out.write(query);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] answer = new byte[in.readUnsignedShort()];
            in.readFully(answer);
            return decode(answer);
        }
    }

    private static byte[] encode(String name, DnsRecordType type) {
        EmbeddedChannel encoder = new EmbeddedChannel(new DatagramDnsQueryEncoder());
        InetSocketAddress nowhere = new InetSocketAddress(InetAddress.getLoopbackAddress(), 53);
        DatagramDnsQuery query = new DatagramDnsQuery(null, nowhere, (int) (Math.random() * 65535));
        query.setRecursionDesired(true).addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(name, type));
        encoder.writeOutbound(query);
        DatagramPacket packet = encoder.readOutbound();
        byte[] bytes = ByteBufUtil.getBytes(packet.content());
        packet.release();
        encoder.finishAndReleaseAll();
        return bytes;
    }

    private static Answer decode(byte[] bytes) {
        EmbeddedChannel decoder = new EmbeddedChannel(new DatagramDnsResponseDecoder());
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 53);
        decoder.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(bytes), any, any));
        DnsResponse response = decoder.readInbound();
        List<String> addresses = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < response.count(DnsSection.ANSWER); i++) {
            DnsRecord record = response.recordAt(DnsSection.ANSWER, i);
            if (record instanceof DnsPtrRecord ptr) {
                names.add(ptr.hostname());
            } else if (record.type().equals(DnsRecordType.A) && record instanceof DnsRawRecord raw) {
                ByteBuf content = raw.content();
                int at = content.readerIndex();
                addresses.add(content.getUnsignedByte(at) + "." + content.getUnsignedByte(at + 1) + "."
                        + content.getUnsignedByte(at + 2) + "." + content.getUnsignedByte(at + 3));
            }
        }
        Answer answer = new Answer(response.code().toString().replaceAll("\\(.*", "").toUpperCase(java.util.Locale.ROOT), addresses, names);
        response.release();
        decoder.finishAndReleaseAll();
        return answer;
    }
}
