package dev.berth.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** distribution/reference's reference_test.go (TestReferenceParse, TestWithNameFailure, TestDomainAndPath), ported. */
class ReferenceGrammarTest {
    private static final String F64 = "f".repeat(64);

    /** input, repository (domain/path), domain, tag, digest. */
    static Stream<Arguments> validReferences() {
        return Stream.of(
                arguments("test_com", "test_com", "", null, null),
                arguments("test.com:tag", "test.com", "", "tag", null),
                arguments("test.com:5000", "test.com", "", "5000", null),
                arguments("test.com/repo:tag", "test.com/repo", "test.com", "tag", null),
                arguments("test:5000/repo", "test:5000/repo", "test:5000", null, null),
                arguments("test:5000/repo:tag", "test:5000/repo", "test:5000", "tag", null),
                arguments("test:5000/repo@sha256:" + F64, "test:5000/repo", "test:5000", null, "sha256:" + F64),
                arguments("test:5000/repo:tag@sha256:" + F64, "test:5000/repo", "test:5000", "tag", "sha256:" + F64),
                arguments("lowercase:Uppercase", "lowercase", "", "Uppercase", null),
                arguments("a/".repeat(127) + "a:tag-puts-this-over-max", "a/".repeat(127) + "a", "a",
                        "tag-puts-this-over-max", null),
                arguments("sub-dom1.foo.com/bar/baz/quux", "sub-dom1.foo.com/bar/baz/quux", "sub-dom1.foo.com", null, null),
                arguments("sub-dom1.foo.com/bar/baz/quux:some-long-tag", "sub-dom1.foo.com/bar/baz/quux",
                        "sub-dom1.foo.com", "some-long-tag", null),
                arguments("b.gcr.io/test.example.com/my-app:test.example.com", "b.gcr.io/test.example.com/my-app",
                        "b.gcr.io", "test.example.com", null),
                arguments("xn--n3h.com/myimage:xn--n3h.com", "xn--n3h.com/myimage", "xn--n3h.com", "xn--n3h.com", null),
                arguments("xn--7o8h.com/myimage:xn--7o8h.com@sha256:" + F64, "xn--7o8h.com/myimage", "xn--7o8h.com",
                        "xn--7o8h.com", "sha256:" + F64),
                arguments("foo_bar.com:8080", "foo_bar.com", "", "8080", null),
                arguments("foo/foo_bar.com:8080", "foo/foo_bar.com", "foo", "8080", null),
                arguments("192.168.1.1", "192.168.1.1", "", null, null),
                arguments("192.168.1.1:tag", "192.168.1.1", "", "tag", null),
                arguments("192.168.1.1:5000", "192.168.1.1", "", "5000", null),
                arguments("192.168.1.1/repo", "192.168.1.1/repo", "192.168.1.1", null, null),
                arguments("192.168.1.1:5000/repo", "192.168.1.1:5000/repo", "192.168.1.1:5000", null, null),
                arguments("192.168.1.1:5000/repo:5050", "192.168.1.1:5000/repo", "192.168.1.1:5000", "5050", null),
                arguments("[2001:db8::1]/repo", "[2001:db8::1]/repo", "[2001:db8::1]", null, null),
                arguments("[2001:db8:1:2:3:4:5:6]/repo:tag", "[2001:db8:1:2:3:4:5:6]/repo", "[2001:db8:1:2:3:4:5:6]", "tag", null),
                arguments("[2001:db8::1]:5000/repo", "[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", null, null),
                arguments("[2001:db8::1]:5000/repo:tag", "[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", "tag", null),
                arguments("[2001:db8::1]:5000/repo@sha256:" + F64, "[2001:db8::1]:5000/repo", "[2001:db8::1]:5000",
                        null, "sha256:" + F64),
                arguments("[2001:db8::1]:5000/repo:tag@sha256:" + F64, "[2001:db8::1]:5000/repo", "[2001:db8::1]:5000",
                        "tag", "sha256:" + F64),
                arguments("[2001:db8::]:5000/repo", "[2001:db8::]:5000/repo", "[2001:db8::]:5000", null, null),
                arguments("[::1]:5000/repo", "[::1]:5000/repo", "[::1]:5000", null, null),
                arguments("example.com/" + "a".repeat(255) + ":tag", "example.com/" + "a".repeat(255), "example.com",
                        "tag", null));
    }

    @ParameterizedTest
    @MethodSource("validReferences")
    void parsesValidReferences(String input, String repository, String domain, String tag, String digest) {
        ReferenceGrammar.Parts parts = ReferenceGrammar.parse(input);
        assertEquals(repository, parts.name());
        assertEquals(domain, parts.domain());
        assertEquals(tag, parts.tag());
        assertEquals(digest, parts.digest() == null ? null : parts.digest().toString());
        String reassembled = parts.name() + (parts.tag() != null ? ":" + parts.tag() : "")
                + (parts.digest() != null ? "@" + parts.digest() : "");
        assertEquals(input, reassembled);
    }

    static Stream<Arguments> invalidReferences() {
        return Stream.of(
                arguments("", InvalidReferenceException.NAME_EMPTY),
                arguments(":justtag", InvalidReferenceException.INVALID_FORMAT),
                arguments("@sha256:" + F64, InvalidReferenceException.INVALID_FORMAT),
                arguments("repo@sha256:" + "f".repeat(34), InvalidDigestException.INVALID_LENGTH),
                arguments("validname@invaliddigest:" + F64, InvalidDigestException.UNSUPPORTED),
                // sha384 is valid for go-digest but not registered by the OCI spec; sha512 is, so it parses here.
                arguments("validname@sha384:" + "f".repeat(96), InvalidDigestException.UNSUPPORTED),
                arguments("Uppercase:tag", InvalidReferenceException.NAME_CONTAINS_UPPERCASE),
                arguments("test:5000/Uppercase/lowercase:tag", InvalidReferenceException.NAME_CONTAINS_UPPERCASE),
                arguments("domain/" + "a".repeat(256) + ":tag", InvalidReferenceException.NAME_TOO_LONG),
                arguments("aa/asdf$$^/aa", InvalidReferenceException.INVALID_FORMAT),
                arguments("[2001:db8::1]", InvalidReferenceException.INVALID_FORMAT),
                arguments("[2001:db8::1]:5000", InvalidReferenceException.INVALID_FORMAT),
                arguments("[2001:db8::1]:tag", InvalidReferenceException.INVALID_FORMAT),
                arguments("[fe80::1%eth0]:5000/repo", InvalidReferenceException.INVALID_FORMAT),
                arguments("[fe80::1%@invalidzone]:5000/repo", InvalidReferenceException.INVALID_FORMAT));
    }

    @ParameterizedTest
    @MethodSource("invalidReferences")
    void rejectsInvalidReferencesWithDistributionsError(String input, String message) {
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> ReferenceGrammar.parse(input));
        assertEquals(message, e.getMessage());
    }

    @Test
    void sha512DigestsAreAcceptedAsTheOciSpecAllows() {
        String sha512 = "sha512:" + "e".repeat(128);
        assertEquals(sha512, ReferenceGrammar.parse("validname@" + sha512).digest().toString());
    }

    static Stream<Arguments> invalidNames() {
        return Stream.of(
                arguments("", InvalidReferenceException.INVALID_FORMAT),
                arguments(":justtag", InvalidReferenceException.INVALID_FORMAT),
                arguments("@sha256:" + F64, InvalidReferenceException.INVALID_FORMAT),
                arguments("validname@invaliddigest:" + F64, InvalidReferenceException.INVALID_FORMAT),
                arguments("example.com/repo:tag", InvalidReferenceException.INVALID_FORMAT),
                arguments("example.com/" + "a".repeat(256), InvalidReferenceException.NAME_TOO_LONG),
                arguments("aa/asdf$$^/aa", InvalidReferenceException.INVALID_FORMAT));
    }

    @ParameterizedTest
    @MethodSource("invalidNames")
    void withNameFailures(String input, String message) {
        assertEquals(message, assertThrows(InvalidReferenceException.class, () -> ReferenceGrammar.parseName(input)).getMessage());
    }

    static Stream<Arguments> domainsAndPaths() {
        return Stream.of(
                arguments("test.com/foo", "test.com", "foo"),
                arguments("test_com/foo", "", "test_com/foo"),
                arguments("test:8080/foo", "test:8080", "foo"),
                arguments("test.com:8080/foo", "test.com:8080", "foo"),
                arguments("test-com:8080/foo", "test-com:8080", "foo"),
                arguments("xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo"));
    }

    @ParameterizedTest
    @MethodSource("domainsAndPaths")
    void splitsDomainAndPath(String input, String domain, String path) {
        ReferenceGrammar.Parts parts = ReferenceGrammar.parseName(input);
        assertEquals(domain, parts.domain());
        assertEquals(path, parts.path());
        assertNull(parts.tag());
    }

    @ParameterizedTest
    @MethodSource("hostileInputs")
    void hostileInputIsRejectedQuickly(String input) {
        long start = System.nanoTime();
        assertThrows(InvalidReferenceException.class, () -> ReferenceGrammar.parse(input));
        assertTrue((System.nanoTime() - start) < 2_000_000_000L, "took too long");
    }

    static Stream<String> hostileInputs() {
        return Stream.of("a-".repeat(2000) + "!", "a.".repeat(1000) + "a/" + "b__".repeat(600) + "/!",
                "x".repeat(10_000), "a/".repeat(2000) + "A",
                "a".repeat(5000) + "-/x", "a.".repeat(3000) + "/x", "x@" + "a-".repeat(3000) + ":" + F64,
                "x:" + "t".repeat(5000), "[" + ":".repeat(5000) + "/x");
    }
}
