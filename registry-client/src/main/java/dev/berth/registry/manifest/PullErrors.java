package dev.berth.registry.manifest;

import dev.berth.image.ImageReference;
import dev.berth.registry.RegistryError;
import dev.berth.registry.RegistryException;

/**
 * Docker's wording of a failed pull (moby's {@code translatePullError}): the registry's first
 * error decides, and denied, unknown manifest and unknown repository read as "not found" messages.
 */
public final class PullErrors {

    private PullErrors() {
    }

    public static RegistryException translate(RegistryException e, ImageReference reference) {
        if (e.errors().isEmpty()) {
            return e;
        }
        RegistryError first = e.errors().getFirst();
        String prefix = switch (first.code()) {
            case RegistryError.DENIED -> "pull access denied for " + reference.familiarRepository()
                    + ", repository does not exist or may require 'docker login'";
            case RegistryError.MANIFEST_UNKNOWN -> "manifest for " + reference.familiarName() + " not found";
            case RegistryError.NAME_UNKNOWN -> "repository " + reference.familiarRepository() + " not found";
            default -> null;
        };
        return prefix == null ? e : e.withMessage(prefix + ": " + first);
    }
}
