package dev.berth.cli.command;

import dev.berth.image.Digest;
import dev.berth.image.ImageReference;
import dev.berth.image.InvalidReferenceException;
import java.util.regex.Pattern;

/**
 * Image references checked on the client side where docker's CLI (and its API client) checks
 * them, with image-spec's {@link ImageReference}: distribution/reference's grammar and messages.
 * A bad one ends the command with status 1 and docker's words, before any request.
 */
final class References {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-f0-9]{64}");

    private References() {}

    /** pull, push: ParseNormalizedNamed; a tag and a digest: the digest is what counts, as docker's client sends it. */
    static ImageReference parse(String image) {
        try {
            ImageReference reference = ImageReference.parse(image);
            return reference.digest() != null && reference.tag() != null ? reference.withoutTag() : reference;
        } catch (InvalidReferenceException e) {
            throw new CommandFailure(1, e.getMessage());
        }
    }

    /**
     * ParseNormalizedNamed then TagNameOnly: the reference with "latest" when it names no tag and
     * no digest; tag and digest both kept. Throws docker's error.
     */
    static ImageReference named(String image) {
        return ImageReference.parse(image);
    }

    /** docker's error for {@code name} as ParseNormalizedNamed gives it, or null when it parses. */
    static String problem(String name) {
        try {
            named(name);
            return null;
        } catch (InvalidReferenceException e) {
            return e.getMessage();
        }
    }

    /**
     * ParseAnyReference: a 64-hex id or a digest stands for an image id (null is returned);
     * anything else must be a name ({@link #named}), whose error is thrown.
     */
    static ImageReference any(String reference) {
        if (IDENTIFIER.matcher(reference).matches() || Digest.isValid(reference)) {
            return null;
        }
        return named(reference);
    }

    /**
     * A name to create a tag with (tag, commit): docker's "refusing to create a tag with a digest
     * reference" when it has a digest.
     */
    static ImageReference forNewTag(ImageReference reference) {
        if (reference.digest() != null) {
            throw new CommandFailure(1, "refusing to create a tag with a digest reference");
        }
        return reference;
    }

    /** Neither tag nor digest written: docker says it uses "latest". */
    static boolean nameOnly(String image) {
        int slash = image.lastIndexOf('/');
        return !image.contains("@") && image.lastIndexOf(':') <= slash;
    }

    /** Go's %q for the strings docker quotes in its messages. */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                case '\r' -> quoted.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        quoted.append(String.format("\\x%02x", c));
                    } else {
                        quoted.appendCodePoint(c);
                    }
                }
            }
        });
        return quoted.append('"').toString();
    }
}
