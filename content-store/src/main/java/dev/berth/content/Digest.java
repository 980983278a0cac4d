package dev.berth.content;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest, {@code sha256:} followed by 64 lowercase hex digits. It can only be made
 * from a valid string or a finished hash, so a {@code Digest} is always safe to use as a file name.
 */
public record Digest(String hex) {
    public static final String ALGORITHM = "sha256";
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public Digest {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("invalid sha256 hex \"" + hex + "\"");
        }
    }

    /** Parses {@code sha256:<hex>}; anything else (other algorithms, upper case, wrong length) is refused. */
    public static Digest parse(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("digest must not be empty");
        }
        int colon = value.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("invalid digest \"" + value + "\": missing algorithm");
        }
        String algorithm = value.substring(0, colon);
        if (!ALGORITHM.equals(algorithm)) {
            throw new IllegalArgumentException("invalid digest \"" + value + "\": unsupported algorithm \"" + algorithm + "\"");
        }
        String hex = value.substring(colon + 1);
        if (!HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("invalid digest \"" + value + "\": want 64 lowercase hex digits");
        }
        return new Digest(hex);
    }

    /** True when {@code name} could be the hex part of a digest, e.g. a blob file's name. */
    public static boolean isHex(String name) {
        return HEX.matcher(name).matches();
    }

    /** The digest of a finished hash. */
    public static Digest of(MessageDigest sha256) {
        return new Digest(HexFormat.of().formatHex(sha256.digest()));
    }

    public static Digest of(byte[] data) {
        MessageDigest sha256 = newHasher();
        sha256.update(data);
        return of(sha256);
    }

    public static MessageDigest newHasher() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    @Override
    public String toString() {
        return ALGORITHM + ":" + hex;
    }
}
