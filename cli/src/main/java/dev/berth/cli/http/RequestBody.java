package dev.berth.cli.http;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/**
 * What a request sends after its headers: a stream of known length (sent with Content-Length)
 * or of unknown length (length -1, sent chunked).
 */
public record RequestBody(String contentType, InputStream content, long length) {

    public static RequestBody of(String contentType, byte[] bytes) {
        return new RequestBody(contentType, new ByteArrayInputStream(bytes), bytes.length);
    }

    public static RequestBody stream(String contentType, InputStream content, long length) {
        return new RequestBody(contentType, content, length);
    }

    public boolean chunked() {
        return length < 0;
    }
}
