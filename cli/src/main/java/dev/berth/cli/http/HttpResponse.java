package dev.berth.cli.http;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * A response whose status line and headers have been read. The body is framed on first use
 * (Content-Length, chunked, or until the server closes); {@link #hijack()} instead hands over
 * the raw connection. Closing the response closes its connection.
 */
public final class HttpResponse implements Closeable {
    private final int status;
    private final String reason;
    private final Map<String, String> headers;
    private final boolean headRequest;
    private final SocketChannel channel;
    private final ChannelInputStream raw;
    private InputStream body;

    HttpResponse(int status, String reason, Map<String, String> headers, boolean headRequest,
                 SocketChannel channel, ChannelInputStream raw) {
        this.status = status;
        this.reason = reason;
        this.headers = headers;
        this.headRequest = headRequest;
        this.channel = channel;
        this.raw = raw;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public boolean successful() {
        return status >= 200 && status < 300;
    }

    /** Header value by case-insensitive name, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public Map<String, String> headers() {
        return headers;
    }

    public InputStream body() {
        if (body == null) {
            body = frameBody();
        }
        return body;
    }

    private InputStream frameBody() {
        if (headRequest || status == 204 || status == 304 || (status >= 100 && status < 200)) {
            return InputStream.nullInputStream();
        }
        String transferEncoding = header("Transfer-Encoding");
        if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return new ChunkedInputStream(raw);
        }
        String contentLength = header("Content-Length");
        if (contentLength != null) {
            return new FixedLengthInputStream(raw, Long.parseLong(contentLength.trim()));
        }
        return raw;
    }

    public byte[] bodyBytes() throws IOException {
        try (InputStream in = body()) {
            return in.readAllBytes();
        }
    }

    public String bodyText() throws IOException {
        return new String(bodyBytes(), StandardCharsets.UTF_8);
    }

    /** True when the server switched protocols (101) or, as older daemons do, answered 200 with a raw stream. */
    public boolean upgraded() {
        return status == 101 || status == 200;
    }

    /** The raw connection after the headers; only for a response that {@link #upgraded()}. */
    public HijackedConnection hijack() {
        if (!upgraded()) {
            throw new IllegalStateException("the server did not upgrade the connection: " + status + " " + reason);
        }
        // a server that answers 200 with a framed body instead of a raw stream still gets read correctly
        boolean framed = status == 200 && (header("Transfer-Encoding") != null || header("Content-Length") != null);
        return new HijackedConnection(channel, framed ? body() : raw);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
