package dev.berth.cli.api;

/**
 * An image reference split the way docker's client sends it to /images/create:
 * the name (registry and path) and a tag or digest, "latest" when neither is given.
 */
public record ImageReference(String name, String tag, String digest) {

    public static ImageReference parse(String reference) {
        String rest = reference;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("invalid reference format: " + reference);
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new ImageReference(rest, tag, digest);
    }

    /** The tag, or the digest when there is one: the value of the tag parameter. */
    public String tagOrDigest() {
        return digest != null ? digest : tag;
    }

    /** name:tag or name@digest, as docker's "Unable to find image" message shows it. */
    @Override
    public String toString() {
        return digest != null ? name + (tag != null ? ":" + tag : "") + "@" + digest : name + ":" + tag;
    }
}
