package dev.berth.cli.http;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client over a unix (or TCP) socket: the JDK's HttpClient cannot dial unix
 * sockets. One connection per exchange, so there is no pooling state to get wrong.
 */
public final class SocketHttpClient {
    private static final int COPY_BUFFER = 64 * 1024;
    private final EngineEndpoint endpoint;
    private final String userAgent;

    public SocketHttpClient(EngineEndpoint endpoint, String userAgent) {
        this.endpoint = endpoint;
        this.userAgent = userAgent;
    }

    public EngineEndpoint endpoint() {
        return endpoint;
    }

    /** Sends the request and reads the response headers. */
    public HttpResponse send(HttpRequest request) throws IOException {
        return begin(request).response();
    }

    /** Connects and writes the whole request, body included; the response is read later. */
    public HttpExchange begin(HttpRequest request) throws IOException {
        SocketChannel channel = endpoint.connect();
        try {
            OutputStream out = new BufferedOutputStream(new ChannelOutputStream(channel), COPY_BUFFER);
            writeHead(out, request);
            writeBody(out, request.body());
            out.flush();
            return new HttpExchange(channel, request.method().equals("HEAD"));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private void writeHead(OutputStream out, HttpRequest request) throws IOException {
        StringBuilder head = new StringBuilder(256);
        head.append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
        head.append("Host: docker\r\n");
        head.append("User-Agent: ").append(userAgent).append("\r\n");
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        RequestBody body = request.body();
        if (body != null) {
            if (body.contentType() != null) {
                head.append("Content-Type: ").append(body.contentType()).append("\r\n");
            }
            if (body.chunked()) {
                head.append("Transfer-Encoding: chunked\r\n");
            } else {
                head.append("Content-Length: ").append(body.length()).append("\r\n");
            }
        } else if (request.method().equals("POST") || request.method().equals("PUT")) {
            head.append("Content-Length: 0\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private void writeBody(OutputStream out, RequestBody body) throws IOException {
        if (body == null) {
            return;
        }
        try (InputStream content = body.content()) {
            if (body.chunked()) {
                ChunkedOutputStream chunked = new ChunkedOutputStream(out);
                content.transferTo(chunked);
                chunked.finish();
            } else {
                long copied = copyExactly(content, out, body.length());
                if (copied != body.length()) {
                    throw new IOException("request body ended after " + copied + " of " + body.length() + " bytes");
                }
            }
        }
    }

    private static long copyExactly(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER];
        long copied = 0;
        while (copied < length) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - copied));
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
            copied += n;
        }
        return copied;
    }
}
