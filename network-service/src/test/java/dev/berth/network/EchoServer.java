package dev.berth.network;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A tiny server the tests run inside a sandbox ({@code ip netns exec <ns> java ... EchoServer tcp 8080}):
 * answers each line (TCP) or datagram (UDP) with the client's address and what it sent, so a test
 * sees both that it got through and by which way (proxy or DNAT). Prints "ready" once listening.
 */
public final class EchoServer {
    private EchoServer() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        if (args[0].equals("udp")) {
            try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(port))) {
                ready();
                byte[] buffer = new byte[2048];
                while (true) {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    socket.receive(packet);
                    String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                    byte[] answer = answer(packet.getAddress().getHostAddress(), text);
                    socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
                }
            }
        }
        try (ServerSocket server = new ServerSocket(port)) {
            ready();
            while (true) {
                Socket client = server.accept();
                Thread.startVirtualThread(() -> serve(client));
            }
        }
    }

    private static void serve(Socket client) {
        try (client) {
            String line = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            OutputStream out = client.getOutputStream();
            out.write(answer(client.getInetAddress().getHostAddress(), line));
            out.write('\n');
            out.flush();
        } catch (Exception e) {
            // the test sees no answer
        }
    }

    private static byte[] answer(String from, String text) {
        return (from + " " + text).getBytes(StandardCharsets.UTF_8);
    }

    private static void ready() {
        System.out.println("ready");
        System.out.flush();
    }
}
