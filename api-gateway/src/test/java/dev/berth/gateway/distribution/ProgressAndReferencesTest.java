package dev.berth.gateway.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.image.ImageReference;
import dev.berth.registry.auth.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pure parts of pull and push: Docker's progress messages, the references and credentials taken from a request. */
class ProgressAndReferencesTest {

    @Test
    void messagesAreDockersJsonLines() {
        List<String> lines = new ArrayList<>();
        ProgressOutput out = new ProgressOutput(bytes -> lines.add(new String(bytes, StandardCharsets.UTF_8)));
        out.message("1.0", "Pulling from acc/bb");
        out.update("0123456789ab", "Pulling fs layer");
        out.progress("0123456789ab", "Downloading", 1_048_576, 2_097_152);
        out.message("", "Digest: sha256:ab");
        out.aux(JsonNodeFactory.instance.objectNode().put("Tag", "1.0"));
        out.error("no basic auth credentials");
        assertEquals(List.of(
                "{\"status\":\"Pulling from acc/bb\",\"id\":\"1.0\"}\r\n",
                "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"0123456789ab\"}\r\n",
                "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":1048576,\"total\":2097152},\"progress\":\"["
                        + "=".repeat(25) + ">" + " ".repeat(25) + "]  1.049MB/2.097MB\",\"id\":\"0123456789ab\"}\r\n",
                "{\"status\":\"Digest: sha256:ab\"}\r\n",
                "{\"progressDetail\":{},\"aux\":{\"Tag\":\"1.0\"}}\r\n",
                "{\"errorDetail\":{\"message\":\"no basic auth credentials\"},\"error\":\"no basic auth credentials\"}\r\n"), lines);
        out.cancel();
        out.message("", "after");
        assertEquals(6, lines.size());
    }

    @Test
    void sizesReadAsGoUnitsWritesThem() {
        assertEquals("0B", ProgressOutput.humanSize(0));
        assertEquals("999B", ProgressOutput.humanSize(999));
        assertEquals("772.8kB", ProgressOutput.humanSize(772_800));
        assertEquals("2.1MB", ProgressOutput.humanSize(2_100_000));
    }

    @Test
    void theTagParameterReplacesTheImagesOwn() {
        assertEquals("127.0.0.1:5000/acc/bb:1.0", ImagePuller.reference("127.0.0.1:5000/acc/bb", "1.0").name());
        assertEquals("docker.io/library/busybox:latest", ImagePuller.reference("busybox", "").name());
        String digest = "sha256:" + "a".repeat(64);
        assertEquals("docker.io/library/busybox@" + digest, ImagePuller.reference("busybox", digest).name());
        assertEquals(400, assertThrows(DockerApiException.class, () -> ImagePuller.reference("Bad", "1")).status());
    }

    @Test
    void pushTakesTheTagFromTheParameterOrTheName() {
        assertEquals(new ImagePusher.Target(ImageReference.parse("127.0.0.1:5000/acc/bb").repositoryOnly(), "1.0"),
                ImagePusher.target("127.0.0.1:5000/acc/bb", "1.0"));
        assertEquals("2", ImagePusher.target("acc/bb:2", "").tag());
        assertNull(ImagePusher.target("127.0.0.1:5000/acc/bb", null).tag()); // every local tag
        assertEquals(400, assertThrows(DockerApiException.class,
                () -> ImagePusher.target("acc/bb@sha256:" + "a".repeat(64), "")).status());
    }

    @Test
    void credentialsGoToTheRegistryPulledFromWhateverTheirServerAddress() {
        ImageReference reference = ImageReference.parse("127.0.0.1:5001/acc/private:1");
        String header = Base64.getUrlEncoder().encodeToString(
                "{\"username\":\"u\",\"password\":\"p\",\"serveraddress\":\"https://elsewhere/v1/\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(Optional.of(Credentials.basic("u", "p")),
                ImagePuller.credentials(header, reference).credentialsFor("127.0.0.1:5001"));
        assertEquals(Optional.empty(), ImagePuller.credentials("e30=", reference).credentialsFor("127.0.0.1:5001"));
        assertEquals(Optional.empty(), ImagePuller.credentials("%%%", reference).credentialsFor("127.0.0.1:5001"));
    }
}
