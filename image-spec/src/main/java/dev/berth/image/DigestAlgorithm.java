package dev.berth.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The digest algorithms the OCI image spec registers: sha256 (the default everywhere) and sha512. */
public enum DigestAlgorithm {
    SHA256("sha256", "SHA-256", 64),
    SHA512("sha512", "SHA-512", 128);

    private final String prefix;
    private final String jdkName;
    private final int hexLength;

    DigestAlgorithm(String prefix, String jdkName, int hexLength) {
        this.prefix = prefix;
        this.jdkName = jdkName;
        this.hexLength = hexLength;
    }

    /** The name as written before the colon, e.g. {@code sha256}. */
    public String prefix() {
        return prefix;
    }

    /** The length of the lowercase hex encoding of a hash of this algorithm. */
    public int hexLength() {
        return hexLength;
    }

    public MessageDigest newMessageDigest() {
        try {
            return MessageDigest.getInstance(jdkName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + jdkName, e);
        }
    }

    /** The algorithm written as {@code prefix}, or null when it is not one of these. */
    public static DigestAlgorithm forPrefix(String prefix) {
        for (DigestAlgorithm algorithm : values()) {
            if (algorithm.prefix.equals(prefix)) {
                return algorithm;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return prefix;
    }
}
