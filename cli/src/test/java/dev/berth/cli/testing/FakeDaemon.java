package dev.berth.cli.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A canned HTTP/1.1 server on a unix socket, standing in for the daemon: the CLI's contract
 * is the HTTP API, so tests check what it sends and how it treats what comes back.
 */
public final class FakeDaemon implements AutoCloseable {

    /** A request as received; body already de-chunked. */
    public record Request(String method, String target, Map<String, String> headers, byte[] body) {
        public String path() {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }

        public String query() {
            int q = target.indexOf('?');
            return q < 0 ? "" : target.substring(q + 1);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Answers one request; may write anything on the channel, and keep it for hijacked streams. */
    @FunctionalInterface
    public interface Handler {
        void handle(Request request, Exchange exchange) throws Exception;
    }

    /** The server side of one connection. */
    public static final class Exchange {
        private final SocketChannel channel;
        private final InputStream in;
        private final OutputStream out;

        Exchange(SocketChannel channel, InputStream in) {
            this.channel = channel;
            this.in = in;
            this.out = Channels.newOutputStream(channel);
        }

        public InputStream in() {
            return in;
        }

        public OutputStream out() {
            return out;
        }

        public void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        public void json(int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            write("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n");
            out.write(bytes);
            out.flush();
        }

        /** Any response: status, headers, and a body sent with its Content-Length. */
        public void respond(int status, Map<String, String> headers, byte[] body) throws IOException {
            StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " X\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            write(head.toString());
            out.write(body);
            out.flush();
        }

        /** Switches the connection to a raw stream, as dockerd answers attach and exec start. */
        public void upgrade() throws IOException {
            write("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n");
        }

        /** Starts a streamed (unframed) response that lasts until the connection closes. */
        public void streamHeaders(int status) throws IOException {
            write("HTTP/1.1 " + status + " OK\r\nContent-Type: application/json\r\n\r\n");
        }

        public void noContent() throws IOException {
            write("HTTP/1.1 204 No Content\r\n\r\n");
        }

        public void chunked(int status, List<String> chunks) throws IOException {
            write("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (String chunk : chunks) {
                byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
                write(Integer.toHexString(bytes.length) + "\r\n");
                out.write(bytes);
                write("\r\n");
            }
            write("0\r\n\r\n");
        }

        public void close() throws IOException {
            channel.close();
        }
    }

    /** One frame of docker's multiplexed stream: {type,0,0,0,size} then the text. */
    public static byte[] frame(int type, String payload) {
        byte[] data = payload.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[8 + data.length];
        out[0] = (byte) type;
        out[4] = (byte) (data.length >>> 24);
        out[5] = (byte) (data.length >>> 16);
        out[6] = (byte) (data.length >>> 8);
        out[7] = (byte) data.length;
        System.arraycopy(data, 0, out, 8, data.length);
        return out;
    }

    private final Path socket;
    private final ServerSocketChannel server;
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public FakeDaemon(Path socket) throws IOException {
        this.socket = socket;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        acceptor = Thread.ofPlatform().daemon().start(this::acceptLoop);
    }

    public String address() {
        return "unix://" + socket;
    }

    /** Routes "METHOD /path" (path without query) to a handler. */
    public FakeDaemon on(String methodAndPath, Handler handler) {
        routes.put(methodAndPath, handler);
        return this;
    }

    public List<Request> requests() {
        return requests;
    }

    /** The requests received for "METHOD /path", oldest first. */
    public List<Request> requests(String methodAndPath) {
        return requests.stream().filter(r -> (r.method + " " + r.path()).equals(methodAndPath)).toList();
    }

    public Request lastRequest(String methodAndPath) {
        Request found = null;
        for (Request r : requests) {
            if ((r.method + " " + r.path()).equals(methodAndPath)) {
                found = r;
            }
        }
        return found;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel channel = server.accept();
                Thread.ofPlatform().daemon().start(() -> serve(channel));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(SocketChannel channel) {
        try {
            InputStream in = new ChannelReader(channel);
            Request request = read(in);
            if (request == null) {
                channel.close();
                return;
            }
            requests.add(request);
            Handler handler = routes.get(request.method + " " + request.path());
            Exchange exchange = new Exchange(channel, in);
            if (handler == null) {
                exchange.json(404, "{\"message\":\"page not found\"}");
                channel.close();
                return;
            }
            handler.handle(request, exchange);
        } catch (Exception e) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static Request read(InputStream in) throws IOException {
        String line = readLine(in);
        if (line == null) {
            return null;
        }
        String[] parts = line.split(" ");
        Map<String, String> headers = new TreeMap<>();
        String h;
        while ((h = readLine(in)) != null && !h.isEmpty()) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        byte[] body = new byte[0];
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            while (true) {
                int size = Integer.parseInt(readLine(in).trim(), 16);
                if (size == 0) {
                    readLine(in);
                    break;
                }
                all.write(in.readNBytes(size));
                readLine(in);
            }
            body = all.toByteArray();
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        }
        return new Request(parts[0], parts[1], headers, body);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                return s.toString().replaceAll("\r$", "");
            }
            s.append((char) c);
        }
        return s.isEmpty() ? null : s.toString();
    }

    /** Unbuffered-by-lock reads, so a handler can read while another thread writes. */
    private static final class ChannelReader extends InputStream {
        private final SocketChannel channel;

        ChannelReader(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return channel.read(ByteBuffer.wrap(b, off, len));
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
    }
}
