package dev.berth.image;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest, {@code algorithm:hex}, validated on construction as go-digest validates it:
 * sha256 or sha512, lowercase hex of exactly the algorithm's length. The constructor is private,
 * so every instance in the program is valid.
 */
public final class Digest implements Comparable<Digest> {
    /** go-digest's DigestRegexp: tells a malformed string from a well-formed one of an unknown algorithm. */
    private static final Pattern WELL_FORMED = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");
    private static final Pattern LOWER_HEX = Pattern.compile("[a-f0-9]+");

    private final DigestAlgorithm algorithm;
    private final String hex;

    private Digest(DigestAlgorithm algorithm, String hex) {
        this.algorithm = algorithm;
        this.hex = hex;
    }

    /** Parses {@code sha256:<64 hex>} (or sha512); throws {@link InvalidDigestException} with go-digest's message. */
    @JsonCreator
    public static Digest parse(String digest) {
        if (digest == null) {
            throw new InvalidDigestException(InvalidDigestException.INVALID_FORMAT);
        }
        int colon = digest.indexOf(':');
        if (colon <= 0 || colon + 1 == digest.length()) {
            throw new InvalidDigestException(InvalidDigestException.INVALID_FORMAT);
        }
        DigestAlgorithm algorithm = DigestAlgorithm.forPrefix(digest.substring(0, colon));
        if (algorithm == null) {
            throw new InvalidDigestException(WELL_FORMED.matcher(digest).matches()
                    ? InvalidDigestException.UNSUPPORTED : InvalidDigestException.INVALID_FORMAT);
        }
        return of(algorithm, digest.substring(colon + 1));
    }

    /** The digest of {@code algorithm} whose encoded hash is {@code hex} (lowercase). */
    public static Digest of(DigestAlgorithm algorithm, String hex) {
        if (hex.length() != algorithm.hexLength()) {
            throw new InvalidDigestException(InvalidDigestException.INVALID_LENGTH);
        }
        if (!LOWER_HEX.matcher(hex).matches()) {
            throw new InvalidDigestException(InvalidDigestException.INVALID_FORMAT);
        }
        return new Digest(algorithm, hex);
    }

    /** A sha256 digest from its 64 hex characters, e.g. an image id without its prefix. */
    public static Digest sha256(String hex) {
        return of(DigestAlgorithm.SHA256, hex);
    }

    /** True when {@code digest} would parse. */
    public static boolean isValid(String digest) {
        try {
            parse(digest);
            return true;
        } catch (InvalidDigestException e) {
            return false;
        }
    }

    /** The sha256 digest of {@code data}. */
    public static Digest of(byte[] data) {
        return of(DigestAlgorithm.SHA256, data);
    }

    public static Digest of(DigestAlgorithm algorithm, byte[] data) {
        return fromHash(algorithm, algorithm.newMessageDigest().digest(data));
    }

    /** The sha256 digest of everything left in {@code in} (which is not closed). */
    public static Digest of(InputStream in) throws IOException {
        MessageDigest sha = DigestAlgorithm.SHA256.newMessageDigest();
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            sha.update(buffer, 0, n);
        }
        return fromHash(DigestAlgorithm.SHA256, sha.digest());
    }

    /** Wraps a finished hash, e.g. {@code MessageDigest.digest()}. */
    public static Digest fromHash(DigestAlgorithm algorithm, byte[] hash) {
        return of(algorithm, HexFormat.of().formatHex(hash));
    }

    public DigestAlgorithm algorithm() {
        return algorithm;
    }

    /** The encoded hash without the algorithm, e.g. the blob's file name or a short image id. */
    public String hex() {
        return hex;
    }

    /** The first 12 hex characters, as Docker shows image ids. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    /** True when {@code data} hashes to this digest. */
    public boolean matches(byte[] data) {
        return equals(of(algorithm, data));
    }

    @JsonValue
    @Override
    public String toString() {
        return algorithm.prefix() + ":" + hex;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Digest other && algorithm == other.algorithm && hex.equals(other.hex);
    }

    @Override
    public int hashCode() {
        return 31 * algorithm.hashCode() + hex.hashCode();
    }

    @Override
    public int compareTo(Digest other) {
        return toString().compareTo(other.toString());
    }
}
