package dev.berth.cli.http;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A request that has been written; its response is read when asked for. Splitting the two lets
 * a caller put a request on the wire (docker's wait before start) and read the answer later.
 */
public final class HttpExchange {
    private final SocketChannel channel;
    private final ChannelInputStream in;
    private final boolean headRequest;

    HttpExchange(SocketChannel channel, boolean headRequest) {
        this.channel = channel;
        this.in = new ChannelInputStream(channel);
        this.headRequest = headRequest;
    }

    /** Reads the status line and headers, skipping interim 100 Continue responses. */
    public HttpResponse response() throws IOException {
        try {
            while (true) {
                String statusLine = in.readLine();
                if (statusLine == null) {
                    throw new IOException("the server closed the connection without a response");
                }
                String[] parts = statusLine.split(" ", 3);
                if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                    throw new IOException("malformed HTTP status line: " + statusLine);
                }
                int status;
                try {
                    status = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    throw new IOException("malformed HTTP status line: " + statusLine);
                }
                Map<String, String> headers = readHeaders();
                if (status == 100) {
                    continue;
                }
                return new HttpResponse(status, parts.length > 2 ? parts[2] : "", headers, headRequest, channel, in);
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new HashMap<>();
        String line;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed HTTP header: " + line);
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
        if (line == null) {
            throw new IOException("the server closed the connection inside the response headers");
        }
        return headers;
    }

    /** Abandons the exchange and its connection. */
    public void cancel() throws IOException {
        channel.close();
    }
}
