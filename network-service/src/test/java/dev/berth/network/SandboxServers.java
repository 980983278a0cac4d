package dev.berth.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Starts {@link EchoServer}s inside sandboxes and talks to them; stops them all on close. */
final class SandboxServers implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();

    /** Starts the echo server in the namespace and waits until it listens. */
    void start(String netns, String protocol, int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder("ip", "netns", "exec", netns, java, "-cp",
                System.getProperty("java.class.path"), EchoServer.class.getName(), protocol, Integer.toString(port))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        processes.add(process);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (Exception e) {
                return e.toString();
            }
        }).get(30, TimeUnit.SECONDS);
        assertEquals("ready", line, "the echo server in " + netns + " did not start");
    }

    /** Sends a line over TCP and returns the answer line ("client-address text"). */
    static String tcp(String host, int port, String text) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 3000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    /** Sends a datagram and returns the answer, retrying a few times (UDP may drop the first while ARP settles). */
    static String udp(String host, int port, String text) throws Exception {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(1000);
            byte[] data = text.getBytes(StandardCharsets.UTF_8);
            for (int attempt = 0; attempt < 5; attempt++) {
                socket.send(new DatagramPacket(data, data.length, new InetSocketAddress(host, port)));
                DatagramPacket answer = new DatagramPacket(new byte[2048], 2048);
                try {
                    socket.receive(answer);
                    return new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8);
                } catch (java.net.SocketTimeoutException retry) {
                    // send again
                }
            }
            return null;
        }
    }

    /** A port of this host that nothing listens on right now (TCP and UDP, every address). */
    static int freePort() throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket probe = new ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            if (bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port");
    }

    /** Whether TCP and UDP on every address can bind the port. */
    static boolean bindable(int port) {
        try (ServerSocket tcp = new ServerSocket(port); DatagramSocket udp = new DatagramSocket(port)) {
            return tcp.getLocalPort() == port && udp.getLocalPort() == port;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        for (Process process : processes) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
