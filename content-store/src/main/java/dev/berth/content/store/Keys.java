package dev.berth.content.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Composite RocksDB keys: parts joined by NUL. Namespaces, lease ids, resource types, digests and
 * image names never contain NUL (the namespace interceptor and the services refuse it), so the
 * parts of a key can be split again unambiguously.
 */
public final class Keys {
    private Keys() {}

    public static byte[] of(String... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                out.write(0);
            }
            out.writeBytes(parts[i].getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** The key prefix of everything under {@code parts}: the parts and a trailing NUL. */
    public static byte[] prefix(String... parts) {
        byte[] key = of(parts);
        byte[] prefix = java.util.Arrays.copyOf(key, key.length + 1);
        prefix[key.length] = 0;
        return prefix;
    }

    public static List<String> split(byte[] key) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= key.length; i++) {
            if (i == key.length || key[i] == 0) {
                parts.add(new String(key, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return parts;
    }

    /** Refuses a part that would break the key layout. */
    public static String requireNoNul(String part, String what) {
        if (part.indexOf('\0') >= 0) {
            throw dev.berth.content.StoreException.invalidArgument(what + " must not contain NUL");
        }
        return part;
    }
}
