package dev.berth.gateway;

import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.image.Image;
import dev.berth.gateway.image.ImageService;
import dev.berth.gateway.http.Json;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

/** One fixed image, busybox:latest, for the HTTP layer's unit tests. */
final class FakeImages implements ImageService {
    static final Image BUSYBOX = new Image("sha256:" + "ab".repeat(32), List.of("busybox:latest"), List.of(),
            Instant.parse("2026-01-02T03:04:05Z"), 1234, "amd64", "linux", "", "", Json.object().put("User", ""),
            List.of("sha256:" + "cd".repeat(32)), "sha256:" + "cd".repeat(32));

    @Override
    public Image importImage(InputStream rootfsTar, String repository, String tag, List<String> changes, String message) {
        throw DockerApiException.badRequest("the fake imports nothing");
    }

    @Override
    public Image inspect(String reference) {
        if (reference.equals("busybox") || reference.equals("busybox:latest") || BUSYBOX.id().startsWith(reference)
                || BUSYBOX.id().startsWith("sha256:" + reference)) {
            return BUSYBOX;
        }
        throw DockerApiException.noSuchImage(reference);
    }

    @Override
    public List<Image> list() {
        return List.of(BUSYBOX);
    }
}
