package dev.berth.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DigestTest {
    /** sha256("") and sha256("hello"), well known. */
    private static final String EMPTY_SHA256 = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final String HELLO_SHA256 = "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    @Test
    void digestsBytes() {
        assertEquals(EMPTY_SHA256, Digest.of(new byte[0]).toString());
        assertEquals(HELLO_SHA256, Digest.of("hello".getBytes(StandardCharsets.UTF_8)).toString());
        assertEquals("sha512:9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca72323c3d99ba5c11d7c7acc6e14b8c5da0c4663475c2e5c3adef46f73bcdec043",
                Digest.of(DigestAlgorithm.SHA512, "hello".getBytes(StandardCharsets.UTF_8)).toString());
    }

    @Test
    void exposesItsParts() {
        Digest digest = Digest.parse(HELLO_SHA256);
        assertEquals(DigestAlgorithm.SHA256, digest.algorithm());
        assertEquals(HELLO_SHA256.substring(7), digest.hex());
        assertEquals("2cf24dba5fb0", digest.shortHex());
        assertEquals(digest, Digest.sha256(digest.hex()));
        assertEquals(digest.hashCode(), Digest.parse(HELLO_SHA256).hashCode());
        assertNotEquals(digest, Digest.parse(EMPTY_SHA256));
        assertTrue(digest.matches("hello".getBytes(StandardCharsets.UTF_8)));
        assertFalse(digest.matches("hello!".getBytes(StandardCharsets.UTF_8)));
        assertTrue(Digest.parse(EMPTY_SHA256).compareTo(digest) > 0);
    }

    /** input and go-digest's error, the text Docker prints. */
    static Stream<Arguments> invalidDigests() {
        String hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        return Stream.of(
                arguments("", "invalid checksum digest format"),
                arguments("sha256", "invalid checksum digest format"),
                arguments("sha256:", "invalid checksum digest format"),
                arguments(":" + hex, "invalid checksum digest format"),
                arguments("sha256:" + hex.toUpperCase(), "invalid checksum digest format"),
                arguments("sha256:" + hex.substring(1) + "g", "invalid checksum digest format"),
                arguments("sha256:" + hex.substring(2), "invalid checksum digest length"),
                arguments("sha256:" + hex + "00", "invalid checksum digest length"),
                arguments("sha512:" + hex, "invalid checksum digest length"),
                arguments("md5:d41d8cd98f00b204e9800998ecf8427e", "unsupported digest algorithm"),
                arguments("sha384:" + hex, "unsupported digest algorithm"),
                arguments("SHA256:" + hex, "invalid checksum digest format"),
                arguments(hex, "invalid checksum digest format"),
                arguments("sha256:" + hex + " ", "invalid checksum digest length"));
    }

    @ParameterizedTest
    @MethodSource("invalidDigests")
    void rejectsWithGoDigestsMessage(String input, String message) {
        assertEquals(message, assertThrows(InvalidDigestException.class, () -> Digest.parse(input)).getMessage());
        assertFalse(Digest.isValid(input));
    }

    @Test
    void nullIsNotADigest() {
        assertThrows(InvalidDigestException.class, () -> Digest.parse(null));
    }

    @Test
    void digestsAStream() throws IOException {
        assertEquals(HELLO_SHA256, Digest.of(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8))).toString());
    }

    @Test
    void outputStreamHashesAndCountsWhatPassesThrough() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        DigestingOutputStream out = new DigestingOutputStream(sink);
        out.write('h');
        out.write("ello".getBytes(StandardCharsets.UTF_8), 0, 4);
        assertEquals(HELLO_SHA256, out.digest().toString());
        assertEquals(5, out.size());
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), sink.toByteArray());
        assertThrows(IllegalStateException.class, () -> out.write('x'), "no writes after the digest was taken");
    }

    @Test
    void inputStreamHashesWhatIsReadAndSkipped() throws IOException {
        byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
        DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(data));
        assertEquals('h', in.read());
        assertEquals(2, in.skip(2));
        assertEquals(2, in.read(new byte[10], 0, 10));
        assertEquals(-1, in.read());
        assertEquals(5, in.size());
        assertEquals(HELLO_SHA256, in.digest().toString());
        in.verify(Digest.parse(HELLO_SHA256), 5);
        IOException wrongDigest = assertThrows(IOException.class, () -> in.verify(Digest.parse(EMPTY_SHA256), -1));
        assertEquals("digest mismatch: expected " + EMPTY_SHA256 + ", got " + HELLO_SHA256, wrongDigest.getMessage());
        assertThrows(IOException.class, () -> in.verify(Digest.parse(HELLO_SHA256), 6));
    }

    @Test
    void serialisesWithJacksonAsAString() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        assertEquals("\"" + HELLO_SHA256 + "\"", mapper.writeValueAsString(Digest.parse(HELLO_SHA256)));
        assertEquals(Digest.parse(HELLO_SHA256), mapper.readValue("\"" + HELLO_SHA256 + "\"", Digest.class));
    }
}
