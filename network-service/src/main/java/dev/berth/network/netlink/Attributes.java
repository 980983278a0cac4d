package dev.berth.network.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The rtattrs of a reply, by type (the NLA_F_NESTED and byte-order bits masked off). */
final class Attributes {
    private static final int TYPE_MASK = 0x3fff;
    private final Map<Integer, ByteBuffer> values = new HashMap<>();

    private Attributes() {}

    /** Reads the attributes that follow {@code headerLength} bytes of family header in {@code body}. */
    static Attributes parse(ByteBuffer body, int headerLength) {
        Attributes attributes = new Attributes();
        int offset = headerLength;
        while (offset + 4 <= body.limit()) {
            int length = Short.toUnsignedInt(body.getShort(offset));
            if (length < 4 || offset + length > body.limit()) {
                break;
            }
            int type = Short.toUnsignedInt(body.getShort(offset + 2)) & TYPE_MASK;
            attributes.values.putIfAbsent(type, body.slice(offset + 4, length - 4).order(ByteOrder.nativeOrder()));
            offset += (length + 3) & ~3;
        }
        return attributes;
    }

    Optional<Attributes> nested(int type) {
        return Optional.ofNullable(values.get(type)).map(value -> parse(value, 0));
    }

    Optional<String> string(int type) {
        ByteBuffer value = values.get(type);
        if (value == null) {
            return Optional.empty();
        }
        int end = 0;
        while (end < value.limit() && value.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end];
        value.get(0, bytes);
        return Optional.of(new String(bytes, StandardCharsets.UTF_8));
    }

    Optional<Integer> integer(int type) {
        ByteBuffer value = values.get(type);
        return value == null || value.limit() < 4 ? Optional.empty() : Optional.of(value.getInt(0));
    }

    Optional<byte[]> bytes(int type) {
        ByteBuffer value = values.get(type);
        if (value == null) {
            return Optional.empty();
        }
        byte[] bytes = new byte[value.limit()];
        value.get(0, bytes);
        return Optional.of(bytes);
    }
}
