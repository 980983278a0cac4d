package dev.berth.network.core;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random identifiers: 64 hex characters for networks and endpoints, as Docker's ids. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static String random64Hex() {
        return randomHex(64);
    }

    public static String randomHex(int length) {
        byte[] bytes = new byte[(length + 1) / 2];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes).substring(0, length);
    }
}
