package dev.berth.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Berth's own table: what {@code docker pull/tag/run} accept, their normalised and familiar forms. */
class ImageReferenceTest {
    private static final String DIGEST = "sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582";

    /** input, registry, repository, tag, digest, name, familiar name. */
    static Stream<Arguments> references() {
        return Stream.of(
                arguments("busybox", "docker.io", "library/busybox", "latest", null,
                        "docker.io/library/busybox:latest", "busybox:latest"),
                arguments("busybox:1.36", "docker.io", "library/busybox", "1.36", null,
                        "docker.io/library/busybox:1.36", "busybox:1.36"),
                arguments("user/app", "docker.io", "user/app", "latest", null,
                        "docker.io/user/app:latest", "user/app:latest"),
                arguments("index.docker.io/user/app:v1", "docker.io", "user/app", "v1", null,
                        "docker.io/user/app:v1", "user/app:v1"),
                arguments("index.docker.io/busybox", "docker.io", "library/busybox", "latest", null,
                        "docker.io/library/busybox:latest", "busybox:latest"),
                arguments("localhost:5000/a/b:tag", "localhost:5000", "a/b", "tag", null,
                        "localhost:5000/a/b:tag", "localhost:5000/a/b:tag"),
                arguments("localhost/app", "localhost", "app", "latest", null,
                        "localhost/app:latest", "localhost/app:latest"),
                arguments("registry.example.com/x", "registry.example.com", "x", "latest", null,
                        "registry.example.com/x:latest", "registry.example.com/x:latest"),
                arguments("[::1]:5000/x", "[::1]:5000", "x", "latest", null,
                        "[::1]:5000/x:latest", "[::1]:5000/x:latest"),
                arguments("127.0.0.1:5000/acc/bb", "127.0.0.1:5000", "acc/bb", "latest", null,
                        "127.0.0.1:5000/acc/bb:latest", "127.0.0.1:5000/acc/bb:latest"),
                arguments("busybox@" + DIGEST, "docker.io", "library/busybox", null, DIGEST,
                        "docker.io/library/busybox@" + DIGEST, "busybox@" + DIGEST),
                arguments("ghcr.io/o/r:v1@" + DIGEST, "ghcr.io", "o/r", "v1", DIGEST,
                        "ghcr.io/o/r:v1@" + DIGEST, "ghcr.io/o/r:v1@" + DIGEST),
                arguments("docker.io/library/foo/bar", "docker.io", "library/foo/bar", "latest", null,
                        "docker.io/library/foo/bar:latest", "library/foo/bar:latest"),
                // "app" is not a registry: no dot, no colon, not localhost, so docker.io/app/web.
                arguments("app/web", "docker.io", "app/web", "latest", null,
                        "docker.io/app/web:latest", "app/web:latest"),
                arguments("a:" + "t".repeat(128), "docker.io", "library/a", "t".repeat(128), null,
                        "docker.io/library/a:" + "t".repeat(128), "a:" + "t".repeat(128)));
    }

    @ParameterizedTest
    @MethodSource("references")
    void parsesAndNormalises(String input, String registry, String repository, String tag, String digest,
                             String name, String familiarName) {
        ImageReference reference = ImageReference.parse(input);
        assertEquals(registry, reference.registry());
        assertEquals(repository, reference.repository());
        assertEquals(tag, reference.tag());
        assertEquals(digest, reference.digest() == null ? null : reference.digest().toString());
        assertEquals(name, reference.name());
        assertEquals(name, reference.toString());
        assertEquals(familiarName, reference.familiarName());
        assertEquals(reference, ImageReference.parse(reference.name()), "the name parses back to the same reference");
        assertEquals(reference, ImageReference.parse(reference.familiarName()), "so does the familiar name");
    }

    /** input and Docker's message for it. */
    static Stream<Arguments> invalidReferences() {
        return Stream.of(
                arguments("BusyBox", "invalid reference format: repository name (library/BusyBox) must be lowercase"),
                arguments("docker.io/User/app", "invalid reference format: repository name (User/app) must be lowercase"),
                arguments("localhost:5000/Foo:tag", "invalid reference format: repository name (Foo) must be lowercase"),
                arguments("../../etc/passwd", "invalid reference format"),
                arguments("/busybox", "invalid reference format"),
                arguments("busybox/", "invalid reference format"),
                arguments("a//b", "invalid reference format"),
                arguments("", "invalid reference format"),
                arguments("busybox:", "invalid reference format"),
                arguments("busybox:-tag", "invalid reference format"),
                arguments("busybox:" + "t".repeat(129), "invalid reference format"),
                arguments("busybox@sha256:abc", "invalid reference format"),
                arguments("busybox@sha256:" + "A".repeat(64), "invalid checksum digest format"),
                arguments("busybox@sha256:" + "a".repeat(63), "invalid checksum digest length"),
                arguments("busybox@md5:" + "a".repeat(32), "unsupported digest algorithm"),
                arguments("busy box", "invalid reference format"),
                arguments("busybox:latest:latest", "invalid reference format"),
                arguments("x/" + "a".repeat(254), "repository name must not be more than 255 characters"),
                arguments("a".repeat(248), "repository name must not be more than 255 characters"));
    }

    @ParameterizedTest
    @MethodSource("invalidReferences")
    void rejectsWithDockersMessage(String input, String message) {
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(input));
        assertEquals(message, e.getMessage());
        assertFalse(ImageReference.isValid(input));
    }

    @Test
    void nameLengthLimitIsOnTheRepositoryPath() {
        // 255 characters of path are allowed; "library/" counts, as in Docker.
        assertEquals(255, ImageReference.parse("x/" + "a".repeat(253)).repository().length());
        assertEquals(255, ImageReference.parse("a".repeat(247)).repository().length());
        assertEquals(255, ImageReference.parse("example.com/" + "a".repeat(255)).repository().length());
    }

    @Test
    void ofTakesARepositoryAndATagAsTheTagEndpointDoes() {
        assertEquals("docker.io/library/busybox:latest", ImageReference.of("busybox", "").name());
        assertEquals("docker.io/library/busybox:latest", ImageReference.of("busybox", null).name());
        assertEquals("docker.io/library/busybox:v2", ImageReference.of("busybox", "v2").name());
        assertEquals("docker.io/library/busybox:v2", ImageReference.of("busybox:v1", "v2").name(), "the tag wins");
        assertEquals("docker.io/library/busybox:v1", ImageReference.of("busybox:v1", "").name());
        assertEquals("localhost:5000/me/app:1", ImageReference.of("localhost:5000/me/app", "1").name());
        assertEquals("invalid tag format",
                assertThrows(InvalidReferenceException.class, () -> ImageReference.of("busybox", "-x")).getMessage());
        assertEquals("cannot import digest reference", assertThrows(InvalidReferenceException.class,
                () -> ImageReference.of("busybox@" + DIGEST, "")).getMessage());
        assertEquals("invalid reference format: repository name (library/BusyBox) must be lowercase",
                assertThrows(InvalidReferenceException.class, () -> ImageReference.of("BusyBox", "x")).getMessage());
    }

    @Test
    void parseRepositoryRefusesTagsAndDigests() {
        ImageReference repository = ImageReference.parseRepository("busybox");
        assertNull(repository.tag());
        assertEquals("docker.io/library/busybox", repository.name());
        assertEquals("busybox", repository.familiarName());
        assertThrows(InvalidReferenceException.class, () -> ImageReference.parseRepository("busybox:1"));
        assertThrows(InvalidReferenceException.class, () -> ImageReference.parseRepository("busybox@" + DIGEST));
    }

    @Test
    void withersReturnNewValues() {
        ImageReference busybox = ImageReference.parse("busybox:1.36");
        Digest digest = Digest.parse(DIGEST);
        ImageReference pinned = busybox.withDigest(digest);
        assertEquals("busybox:1.36@" + DIGEST, pinned.familiarName());
        assertEquals("busybox@" + DIGEST, pinned.withoutTag().familiarName());
        assertEquals("busybox:1.36", pinned.withoutDigest().familiarName());
        assertEquals("busybox", pinned.repositoryOnly().familiarName());
        assertEquals("busybox:1.36", busybox.familiarName(), "the original is unchanged");
        assertEquals("busybox", busybox.familiarRepository());
        assertEquals("docker.io/library/busybox", busybox.fullRepository());
        assertTrue(busybox.isDockerHub());
        assertFalse(ImageReference.parse("quay.io/a/b").isDockerHub());
    }

    @Test
    void equalityIsOnTheNormalisedForm() {
        assertEquals(ImageReference.parse("busybox"), ImageReference.parse("docker.io/library/busybox:latest"));
        assertEquals(ImageReference.parse("busybox").hashCode(), ImageReference.parse("index.docker.io/busybox").hashCode());
        assertNotEquals(ImageReference.parse("busybox"), ImageReference.parse("busybox:1"));
        assertNotEquals(ImageReference.parse("localhost/busybox"), ImageReference.parse("busybox"));
    }

    @Test
    void serialisesWithJacksonAsItsName() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        assertEquals("\"docker.io/library/busybox:latest\"", mapper.writeValueAsString(ImageReference.parse("busybox")));
        assertEquals(ImageReference.parse("busybox"), mapper.readValue("\"busybox\"", ImageReference.class));
    }

    @Test
    void invalidReferenceExceptionIsAnIllegalArgumentException() {
        assertTrue(IllegalArgumentException.class.isAssignableFrom(InvalidReferenceException.class));
    }
}
