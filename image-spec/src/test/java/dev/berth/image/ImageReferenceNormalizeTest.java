package dev.berth.image;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** distribution/reference's normalize_test.go, ported to {@link ImageReference}. */
class ImageReferenceNormalizeTest {
    private static final String HEX64 = "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a";

    @ParameterizedTest
    @ValueSource(strings = {"docker/docker", "library/debian", "debian", "localhost/library/debian", "localhost/debian",
            "LOCALDOMAIN/library/debian", "LOCALDOMAIN/debian", "docker.io/docker/docker", "docker.io/library/debian",
            "docker.io/debian", "index.docker.io/docker/docker", "index.docker.io/library/debian",
            "index.docker.io/debian", "127.0.0.1:5000/docker/docker", "127.0.0.1:5000/library/debian",
            "127.0.0.1:5000/debian", "192.168.0.1", "192.168.0.1:80", "192.168.0.1:8/debian",
            "192.168.0.2:25000/debian", "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
            "[fc00::1]:5000/docker", "[fc00::1]:5000/docker/docker", "[fc00:1:2:3:4:5:6:7]:5000/library/debian",
            "docker.io/" + HEX64, "Docker/docker", "DOCKER/docker",
            // TestValidateRemoteName
            "docker-rules/docker", "docker---rules/docker", "doc/docker", "d/docker", "jess/t", "dock__er/docker"})
    void validNames(String name) {
        assertDoesNotThrow(() -> ImageReference.parse(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://github.com/docker/docker", "docker/Docker", "-docker", "-docker/docker",
            "-docker.io/docker/docker", "docker///docker", "docker.io/docker/Docker", "docker.io/docker///docker",
            "[fc00::1]", "[fc00::1]:5000", "fc00::1:5000/debian", "[fe80::1%eth0]:5000/debian",
            "[2001:db8:3:4::192.0.2.33]:5000/debian", HEX64,
            // TestValidateRemoteName
            "docker-/docker", "-docker-/docker", "____/____", "_docker/_docker", "dock..er/docker",
            "dock_.er/docker", "dock-.er/docker", "docker/",
            "this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255/docker"})
    void invalidNames(String name) {
        assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(name));
    }

    /** remote name (path), familiar name, full name, ambiguous name ("" when none), domain. */
    static Stream<Arguments> repositoryInfo() {
        List<Arguments> cases = new ArrayList<>();
        String[][] table = {
                {"fooo", "localhost/fooo", "localhost/fooo", "localhost/fooo", "localhost"},
                {"fooo/bar", "localhost/fooo/bar", "localhost/fooo/bar", "localhost/fooo/bar", "localhost"},
                {"fooo", "LOCALDOMAIN/fooo", "LOCALDOMAIN/fooo", "LOCALDOMAIN/fooo", "LOCALDOMAIN"},
                {"fooo/bar", "LOCALDOMAIN/fooo/bar", "LOCALDOMAIN/fooo/bar", "LOCALDOMAIN/fooo/bar", "LOCALDOMAIN"},
                {"fooo/bar", "fooo/bar", "docker.io/fooo/bar", "index.docker.io/fooo/bar", "docker.io"},
                {"library/ubuntu", "ubuntu", "docker.io/library/ubuntu", "library/ubuntu", "docker.io"},
                {"nonlibrary/ubuntu", "nonlibrary/ubuntu", "docker.io/nonlibrary/ubuntu", "", "docker.io"},
                {"other/library", "other/library", "docker.io/other/library", "", "docker.io"},
                {"private/moonbase", "127.0.0.1:8000/private/moonbase", "127.0.0.1:8000/private/moonbase", "", "127.0.0.1:8000"},
                {"privatebase", "127.0.0.1:8000/privatebase", "127.0.0.1:8000/privatebase", "", "127.0.0.1:8000"},
                {"private/moonbase", "example.com/private/moonbase", "example.com/private/moonbase", "", "example.com"},
                {"privatebase", "example.com/privatebase", "example.com/privatebase", "", "example.com"},
                {"private/moonbase", "example.com:8000/private/moonbase", "example.com:8000/private/moonbase", "", "example.com:8000"},
                {"privatebasee", "example.com:8000/privatebasee", "example.com:8000/privatebasee", "", "example.com:8000"},
                {"library/ubuntu-12.04-base", "ubuntu-12.04-base", "docker.io/library/ubuntu-12.04-base",
                        "index.docker.io/library/ubuntu-12.04-base", "docker.io"},
                {"library/foo", "foo", "docker.io/library/foo", "docker.io/foo", "docker.io"},
                {"library/foo/bar", "library/foo/bar", "docker.io/library/foo/bar", "", "docker.io"},
                {"store/foo/bar", "store/foo/bar", "docker.io/store/foo/bar", "", "docker.io"},
                {"bar", "Foo/bar", "Foo/bar", "", "Foo"},
                {"bar", "FOO/bar", "FOO/bar", "", "FOO"},
        };
        for (String[] row : table) {
            for (int i = 1; i <= 3; i++) {
                if (!row[i].isEmpty()) {
                    cases.add(arguments(row[i], row[0], row[1], row[2], row[4]));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("repositoryInfo")
    void parsesRepositoryInfo(String input, String path, String familiar, String full, String domain) {
        ImageReference reference = ImageReference.parseRepository(input);
        assertEquals(familiar, reference.familiarRepository());
        assertEquals(full, reference.name());
        assertEquals(full, reference.fullRepository());
        assertEquals(domain, reference.registry());
        assertEquals(path, reference.repository());
    }

    @Test
    void tagAndDigestTogether() {
        String shortRef = "busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa";
        ImageReference reference = ImageReference.parse(shortRef);
        assertEquals("docker.io/library/" + shortRef, reference.name());
        assertEquals("latest", reference.tag());
        assertEquals("sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa", reference.digest().toString());
        assertEquals(shortRef, reference.familiarName());
    }

    @Test
    void invalidReferenceComponents() {
        assertThrows(InvalidReferenceException.class, () -> ImageReference.parse("-foo"));
        ImageReference busybox = ImageReference.parse("busybox");
        assertEquals(InvalidReferenceException.TAG_INVALID_FORMAT,
                assertThrows(InvalidReferenceException.class, () -> busybox.withTag("-foo")).getMessage());
        assertThrows(InvalidDigestException.class, () -> busybox.withDigest(Digest.parse("foo")));
    }

    /** TestParseAnyReference's named cases: the reference and its full equivalent (ParseAnyReference adds no tag). */
    @ParameterizedTest
    @MethodSource("equivalents")
    void parsesToItsEquivalent(String input, String equivalent) {
        ImageReference reference = ImageReference.parse(input);
        ImageReference expected = ImageReference.parse(equivalent);
        assertEquals(expected, reference);
    }

    static Stream<Arguments> equivalents() {
        String digest = "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c";
        return Stream.of(
                arguments("redis", "docker.io/library/redis"),
                arguments("redis:latest", "docker.io/library/redis:latest"),
                arguments("docker.io/library/redis:latest", "docker.io/library/redis:latest"),
                arguments("redis@" + digest, "docker.io/library/redis@" + digest),
                arguments("docker.io/library/redis@" + digest, "docker.io/library/redis@" + digest),
                arguments("dmcgowan/myapp", "docker.io/dmcgowan/myapp"),
                arguments("dmcgowan/myapp:latest", "docker.io/dmcgowan/myapp:latest"),
                arguments("docker.io/mcgowan/myapp:latest", "docker.io/mcgowan/myapp:latest"),
                arguments("dmcgowan/myapp@" + digest, "docker.io/dmcgowan/myapp@" + digest),
                arguments("docker.io/dmcgowan/myapp@" + digest, "docker.io/dmcgowan/myapp@" + digest),
                arguments("dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9",
                        "docker.io/library/dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9"),
                arguments("dbcc1", "docker.io/library/dbcc1"));
    }

    @Test
    void a64HexIdentifierIsNotARepository() {
        String id = "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c";
        assertEquals("invalid repository name (" + id + "), cannot specify 64-byte hexadecimal strings",
                assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(id)).getMessage());
    }

    static Stream<Arguments> normalizedSplits() {
        return Stream.of(
                arguments("test.com/foo", "test.com", "foo"),
                arguments("test_com/foo", "docker.io", "test_com/foo"),
                arguments("docker/migrator", "docker.io", "docker/migrator"),
                arguments("test.com:8080/foo", "test.com:8080", "foo"),
                arguments("test-com:8080/foo", "test-com:8080", "foo"),
                arguments("foo", "docker.io", "library/foo"),
                arguments("xn--n3h.com/foo", "xn--n3h.com", "foo"),
                arguments("xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo"),
                arguments("docker.io/foo", "docker.io", "library/foo"),
                arguments("docker.io/library/foo", "docker.io", "library/foo"),
                arguments("docker.io/library/foo/bar", "docker.io", "library/foo/bar"));
    }

    @ParameterizedTest
    @MethodSource("normalizedSplits")
    void normalizedSplitHostname(String input, String registry, String repository) {
        ImageReference reference = ImageReference.parse(input);
        assertEquals(registry, reference.registry());
        assertEquals(repository, reference.repository());
    }

    /** TestParseDockerRef: parse, then drop the tag of a tag-and-digest reference as Docker does before pulling. */
    static Stream<Arguments> dockerRefs() {
        String digest = "sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582";
        return Stream.of(
                arguments("busybox", "docker.io/library/busybox:latest"),
                arguments("busybox:latest", "docker.io/library/busybox:latest"),
                arguments("busybox@" + digest, "docker.io/library/busybox@" + digest),
                arguments("library/busybox", "docker.io/library/busybox:latest"),
                arguments("docker.io/busybox", "docker.io/library/busybox:latest"),
                arguments("docker.io/library/busybox", "docker.io/library/busybox:latest"),
                arguments("docker.io/busybox:latest", "docker.io/library/busybox:latest"),
                arguments("library/busybox:latest", "docker.io/library/busybox:latest"),
                arguments("docker.io/library/busybox:latest", "docker.io/library/busybox:latest"),
                arguments("gcr.io/library/busybox", "gcr.io/library/busybox:latest"),
                arguments("gcr.io/library/busybox:latest@" + digest, "gcr.io/library/busybox@" + digest));
    }

    @ParameterizedTest
    @MethodSource("dockerRefs")
    void parseDockerRef(String input, String expected) {
        ImageReference reference = ImageReference.parse(input);
        ImageReference pullable = reference.digest() != null ? reference.withoutTag() : reference;
        assertEquals(expected, pullable.name());
        assertEquals(pullable, ImageReference.parse(pullable.name()));
    }

    /** TestWithTag and TestWithDigest (with full-length digests, which {@link Digest} requires). */
    @Test
    void withTagAndWithDigestCombine() {
        Digest digest = Digest.parse("sha256:" + "1234567890".repeat(6) + "1234");
        assertEquals("test.com/foo:tag", ImageReference.parseRepository("test.com/foo").withTag("tag").name());
        assertEquals("foo:tag2", ImageReference.parseRepository("foo").withTag("tag2").familiarName());
        assertEquals("test.com:8000/foo:TAG5", ImageReference.parseRepository("test.com:8000/foo").withTag("TAG5").name());
        assertEquals("test.com:8000/foo:TAG5@" + digest,
                ImageReference.parseRepository("test.com:8000/foo").withDigest(digest).withTag("TAG5").name());
        assertEquals("test.com/foo@" + digest, ImageReference.parseRepository("test.com/foo").withDigest(digest).name());
        assertEquals("foo@" + digest, ImageReference.parseRepository("foo").withDigest(digest).familiarName());
        assertEquals("test.com:8000/foo:latest@" + digest,
                ImageReference.parseRepository("test.com:8000/foo").withTag("latest").withDigest(digest).name());
    }
}
