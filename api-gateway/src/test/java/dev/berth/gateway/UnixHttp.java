package dev.berth.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A raw HTTP/1.1 client over a unix socket, so the tests see exactly the bytes a Docker client sees. */
final class UnixHttp implements AutoCloseable {
    final SocketChannel channel;
    final InputStream in;
    final OutputStream out;

    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private UnixHttp(SocketChannel channel) {
        this.channel = channel;
        this.in = Channels.newInputStream(channel);
        this.out = Channels.newOutputStream(channel);
    }

    static UnixHttp connect(Path socket) throws IOException {
        return new UnixHttp(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
    }

    /** One request on a fresh connection, the whole response read. */
    static Response call(Path socket, String method, String path) throws IOException {
        return call(socket, method, path, null, Map.of());
    }

    static Response call(Path socket, String method, String path, byte[] body, Map<String, String> headers) throws IOException {
        try (UnixHttp http = connect(socket)) {
            // the body goes out beside the reading: a server may answer (an error) before it read it all
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    http.send(method, path, body, headers);
                } catch (IOException ignored) {
                    // the server closed early; its answer is what the test checks
                }
            });
            Response response = http.readResponse(!method.equals("HEAD"));
            writer.interrupt();
            return response;
        }
    }

    void send(String method, String path, byte[] body, Map<String, String> headers) throws IOException {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: docker\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        } else if (method.equals("POST")) {
            head.append("Content-Length: 0\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    /** Status line and headers only. */
    Response readHead() throws IOException {
        String status = readLine();
        if (status == null) {
            throw new IOException("connection closed before a response");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line; (line = readLine()) != null && !line.isEmpty(); ) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return new Response(Integer.parseInt(status.split(" ")[1]), headers, new byte[0]);
    }

    Response readResponse(boolean hasBody) throws IOException {
        Response head = readHead();
        if (!hasBody || head.status() == 204 || head.status() == 304) {
            return head;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(head.header("transfer-encoding"))) {
            while (true) {
                int size = Integer.parseInt(readLine().split(";")[0].trim(), 16);
                if (size == 0) {
                    readLine();
                    break;
                }
                body.write(in.readNBytes(size));
                readLine();
            }
        } else if (head.header("content-length") != null) {
            body.write(in.readNBytes(Integer.parseInt(head.header("content-length"))));
        } else {
            in.transferTo(body);
        }
        return new Response(head.status(), head.headers(), body.toByteArray());
    }

    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            if (b == '\n') {
                String s = line.toString(StandardCharsets.US_ASCII);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
