package dev.berth.gateway.container.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A raw HTTP/1.1 client over the gateway's unix socket, for the build tests: what the docker CLI sends and reads. */
final class BuildHttp {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The JSON messages of a streamed answer, one per line. */
        List<JsonNode> messages() throws IOException {
            List<JsonNode> out = new ArrayList<>();
            for (String line : text().split("\r\n")) {
                if (!line.isBlank()) {
                    out.add(MAPPER.readTree(line));
                }
            }
            return out;
        }

        /** The "stream" texts joined, what the docker CLI prints. */
        String output() throws IOException {
            StringBuilder out = new StringBuilder();
            for (JsonNode message : messages()) {
                if (message.has("stream")) {
                    out.append(message.get("stream").asText());
                }
            }
            return out.toString();
        }

        JsonNode error() throws IOException {
            for (JsonNode message : messages()) {
                if (message.has("errorDetail")) {
                    return message;
                }
            }
            return null;
        }

        String auxId() throws IOException {
            String id = null;
            for (JsonNode message : messages()) {
                if (message.has("aux")) {
                    id = message.get("aux").get("ID").asText();
                }
            }
            return id;
        }
    }

    private BuildHttp() {}

    static Response call(Path socket, String method, String path, byte[] body, String contentType) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            InputStream in = Channels.newInputStream(channel);
            OutputStream out = Channels.newOutputStream(channel);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: docker\r\n");
                    if (contentType != null) {
                        head.append("Content-Type: ").append(contentType).append("\r\n");
                    }
                    head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n\r\n");
                    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
                    if (body != null) {
                        out.write(body);
                    }
                    out.flush();
                } catch (IOException ignored) {
                    // the server answered early; its answer is what the test reads
                }
            });
            String status = readLine(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line; (line = readLine(in)) != null && !line.isEmpty(); ) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            if (!method.equals("HEAD")) {
                if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                    while (true) {
                        int size = Integer.parseInt(readLine(in).split(";")[0].trim(), 16);
                        if (size == 0) {
                            readLine(in);
                            break;
                        }
                        data.write(in.readNBytes(size));
                        readLine(in);
                    }
                } else if (headers.get("content-length") != null) {
                    data.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
                }
            }
            writer.interrupt();
            return new Response(Integer.parseInt(status.split(" ")[1]), headers, data.toByteArray());
        }
    }

    private static String readLine(InputStream in) throws IOException {
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

    static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
