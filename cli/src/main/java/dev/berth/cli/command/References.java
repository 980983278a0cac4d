package dev.berth.cli.command;

import dev.berth.image.ImageReference;
import dev.berth.image.InvalidReferenceException;

/** Image references as pull, push and login take them: normalised as docker's; a bad one ends with its words, status 1. */
final class References {
    private References() {}

    static ImageReference parse(String image) {
        try {
            ImageReference reference = ImageReference.parse(image);
            // a tag and a digest: the digest is what counts, as docker's client sends it
            return reference.digest() != null && reference.tag() != null ? reference.withoutTag() : reference;
        } catch (InvalidReferenceException e) {
            throw new CommandFailure(1, e.getMessage());
        }
    }

    /** Neither tag nor digest written: docker says it uses "latest". */
    static boolean nameOnly(String image) {
        int slash = image.lastIndexOf('/');
        return !image.contains("@") && image.lastIndexOf(':') <= slash;
    }
}
