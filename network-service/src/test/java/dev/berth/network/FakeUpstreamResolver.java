package dev.berth.network;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The upstream resolver of the DNS tests, on 127.0.0.1 only (UDP and TCP, one port): answers
 * {@value #KNOWN_NAME} with {@value #KNOWN_ADDRESS} and everything else with NXDOMAIN, and
 * remembers the names it was asked. Written on raw bytes, to be independent of the code under test.
 */
final class FakeUpstreamResolver implements AutoCloseable {
    static final String KNOWN_NAME = "example.test";
    static final String KNOWN_ADDRESS = "192.0.2.55";

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    final List<String> asked = new CopyOnWriteArrayList<>();

    /** A resolver on DNS's own port of a loopback address, as a container's --dns names one. */
    FakeUpstreamResolver(InetAddress address, int port) throws Exception {
        this.udp = new DatagramSocket(new InetSocketAddress(address, port));
        this.tcp = new ServerSocket(port, 10, address);
        Thread.startVirtualThread(this::serveUdp);
        Thread.startVirtualThread(this::serveTcp);
    }

    FakeUpstreamResolver() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        ServerSocket tcpSocket = null;
        DatagramSocket udpSocket = null;
        for (int attempt = 0; attempt < 20 && tcpSocket == null; attempt++) {
            udpSocket = new DatagramSocket(new InetSocketAddress(loopback, 0));
            try {
                tcpSocket = new ServerSocket(udpSocket.getLocalPort(), 10, loopback);
            } catch (java.io.IOException taken) {
                udpSocket.close();
            }
        }
        this.udp = udpSocket;
        this.tcp = tcpSocket;
        Thread.startVirtualThread(this::serveUdp);
        Thread.startVirtualThread(this::serveTcp);
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", udp.getLocalPort());
    }

    private void serveUdp() {
        byte[] buffer = new byte[4096];
        while (!udp.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                byte[] answer = answer(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                udp.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (Exception closed) {
                return;
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try (Socket client = tcp.accept()) {
                DataInputStream in = new DataInputStream(client.getInputStream());
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                byte[] answer = answer(query);
                OutputStream out = client.getOutputStream();
                out.write(new byte[] {(byte) (answer.length >> 8), (byte) answer.length});
                out.write(answer);
                out.flush();
            } catch (Exception closed) {
                // next client, or closed
            }
        }
    }

    /** The query's header and question, flagged as an answer, with one A record or NXDOMAIN. */
    private byte[] answer(byte[] query) {
        int end = 12;
        StringBuilder name = new StringBuilder();
        while (query[end] != 0) {
            int length = query[end];
            name.append(name.isEmpty() ? "" : ".").append(new String(query, end + 1, length));
            end += length + 1;
        }
        end += 5; // the root label, type and class
        asked.add(name.toString());
        boolean known = name.toString().equalsIgnoreCase(KNOWN_NAME);
        byte[] answer = java.util.Arrays.copyOf(query, end + (known ? 16 : 0));
        answer[2] = (byte) 0x81; // QR, RD
        answer[3] = (byte) (known ? 0x80 : 0x83); // RA, NOERROR or NXDOMAIN
        answer[6] = 0;
        answer[7] = (byte) (known ? 1 : 0);
        answer[8] = answer[9] = answer[10] = answer[11] = 0;
        if (known) {
            byte[] record = {(byte) 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, (byte) 192, 0, 2, 55};
            System.arraycopy(record, 0, answer, end, record.length);
        }
        return answer;
    }

    @Override
    public void close() throws Exception {
        udp.close();
        tcp.close();
    }
}
