package dev.berth.gateway.image;

import dev.berth.gateway.api.DockerApiException;
import java.util.List;

/**
 * Naming and removing images (docker tag, docker rmi). Kept apart from {@link ImageService} so the
 * seam other parts of the gateway implement stays as it was.
 */
public interface ImageTags {
    /** Points {@code repository:tag} (tag "latest" when empty) at the image {@code source} names. */
    void tag(String source, String repository, String tag) throws DockerApiException;

    /**
     * Docker's untag-or-delete: a name drops that tag (and the image with its last tag); an id drops
     * every tag, which needs {@code force} when several repositories use it.
     */
    List<Removal> remove(String reference, boolean force) throws DockerApiException;

    /** One line of docker rmi's answer: {"Untagged": "busybox:latest"} or {"Deleted": "sha256:..."}. */
    record Removal(String kind, String value) {
        public static Removal untagged(String name) {
            return new Removal("Untagged", name);
        }

        public static Removal deleted(String id) {
            return new Removal("Deleted", id);
        }
    }
}
