package dev.berth.gateway.http.hijack;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Docker's multiplexed stream: each frame is an 8-byte header [stream type, 0, 0, 0, big-endian
 * uint32 length] and the payload; type 1 is stdout, 2 stderr. TTY containers send raw bytes.
 */
public final class StreamFrames {
    public static final String MULTIPLEXED = "application/vnd.docker.multiplexed-stream";
    public static final String RAW = "application/vnd.docker.raw-stream";

    private StreamFrames() {}

    public static ByteBuf frame(ByteBufAllocator alloc, int stream, byte[] data) {
        ByteBuf buf = alloc.buffer(8 + data.length);
        buf.writeByte(stream).writeByte(0).writeByte(0).writeByte(0).writeInt(data.length).writeBytes(data);
        return buf;
    }

    public static byte[] header(int stream, int length) {
        return new byte[] {(byte) stream, 0, 0, 0,
                (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }

    /** A frame, or the bytes alone when {@code multiplexed} is false (TTY). */
    public static ByteBuf encode(ByteBufAllocator alloc, boolean multiplexed, int stream, byte[] data) {
        return multiplexed ? frame(alloc, stream, data) : alloc.buffer(data.length).writeBytes(data);
    }
}
