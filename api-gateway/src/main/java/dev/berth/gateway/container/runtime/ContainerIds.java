package dev.berth.gateway.container.runtime;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Docker's container ids: 64 random lowercase hex digits. */
public final class ContainerIds {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ContainerIds() {}

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    static String require(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("not a container id: " + id);
        }
        return id;
    }
}
