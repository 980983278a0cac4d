package dev.berth.gateway.image;

import dev.berth.gateway.api.DockerApiException;
import dev.berth.image.ImageReference;
import dev.berth.image.InvalidReferenceException;
import java.util.regex.Pattern;

/**
 * Names as they come in through the API, checked with image-spec's {@link ImageReference}: an invalid
 * one throws its {@link InvalidReferenceException} (Docker's words), which the HTTP layer answers 400.
 */
public final class ImageNames {
    /** What Docker takes as an image id or id prefix, with or without "sha256:". */
    private static final Pattern ID_PREFIX = Pattern.compile("^(sha256:)?[0-9a-f]{1,64}$");

    private ImageNames() {}

    /** True for an image id or a prefix of one, as lookups accept them before names. */
    public static boolean isIdPrefix(String reference) {
        return reference != null && ID_PREFIX.matcher(reference).matches();
    }

    /**
     * A reference or id that an image is looked up by (inspect, rmi, create, history, save, tag's source):
     * ids pass, anything else must parse, as moby's GetImage parses it before it looks (so a valid
     * name that is missing is a 404 "No such image", an invalid one a 400).
     */
    public static void requireLookupReference(String reference) {
        if (!isIdPrefix(reference)) {
            ImageReference.parse(reference);
        }
    }

    /** The name lookups record {@code reference} under, or null when it is no valid name (an id). */
    public static ImageReference parseOrNull(String reference) {
        try {
            return ImageReference.parse(reference);
        } catch (InvalidReferenceException e) {
            return null;
        }
    }

    /**
     * {@code repo} and {@code tag} as a name to give an image (tag, commit, build -t): Docker's
     * reference errors, and "refusing to create a tag with a digest reference" for a digest.
     */
    public static ImageReference tagTarget(String repo, String tag) {
        if (repo == null || repo.isEmpty()) {
            throw DockerApiException.badRequest("repository name is required");
        }
        if (ImageReference.parse(repo).digest() != null) {
            throw DockerApiException.badRequest("refusing to create a tag with a digest reference");
        }
        try {
            return ImageReference.of(repo, tag);
        } catch (InvalidReferenceException e) {
            // the docker CLI parses repo:tag as one reference, so a bad tag reads "invalid reference format"
            if (InvalidReferenceException.TAG_INVALID_FORMAT.equals(e.getMessage())) {
                throw new InvalidReferenceException(InvalidReferenceException.INVALID_FORMAT, e);
            }
            throw e;
        }
    }
}
