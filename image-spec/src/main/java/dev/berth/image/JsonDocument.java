package dev.berth.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.json.GoJson;
import java.util.Arrays;

/**
 * A JSON document addressed by its digest (manifest, index, config). One read from bytes keeps
 * those bytes: {@link #bytes()} and {@link #digest()} are of the original, since re-encoding
 * could change the digest a registry or the content store knows it by. One built in code, or
 * changed by a {@code with...} method, is written by {@link #toJson()}.
 */
public abstract class JsonDocument {
    private final byte[] original;
    private volatile Digest digest;

    protected JsonDocument(byte[] original) {
        this.original = original == null ? null : original.clone();
    }

    /** The document as a JSON tree, known fields in Docker's order, unknown ones after them. */
    public abstract ObjectNode toJsonNode();

    /** Freshly written compact JSON, as Go's encoding/json would write it. */
    public final byte[] toJson() {
        return GoJson.write(toJsonNode());
    }

    /** The document's bytes: the original when it was read, otherwise {@link #toJson()}. */
    public final byte[] bytes() {
        return original != null ? original.clone() : toJson();
    }

    /** True when this document was read from bytes and not changed since. */
    public final boolean hasOriginalBytes() {
        return original != null;
    }

    /** The sha256 digest of {@link #bytes()}: the name this document is stored and fetched by. */
    public final Digest digest() {
        Digest result = digest;
        if (result == null) {
            result = Digest.of(bytes());
            digest = result;
        }
        return result;
    }

    public final long size() {
        return original != null ? original.length : toJson().length;
    }

    /** Throws when {@code json} is not the content {@code expected} names (e.g. a manifest fetched by digest). */
    protected static void verifyDigest(byte[] json, Digest expected, String what) {
        if (expected != null && !expected.matches(json)) {
            throw new InvalidDocumentException("invalid " + what + ": digest mismatch: expected " + expected
                    + ", got " + Digest.of(expected.algorithm(), json));
        }
    }

    /** Documents are equal when their bytes are: the identity of content-addressed data. */
    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Arrays.equals(bytes(), ((JsonDocument) o).bytes());
    }

    @Override
    public final int hashCode() {
        return Arrays.hashCode(bytes());
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + digest() + ")";
    }
}
