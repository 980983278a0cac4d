package dev.berth.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestTest {
    private static final String EMPTY = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void parsesAndPrintsCanonicalDigests() {
        assertEquals(EMPTY, Digest.parse(EMPTY).toString());
        assertEquals(Digest.parse(EMPTY), Digest.of(new byte[0]));
        assertEquals("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
                Digest.of("hello".getBytes(StandardCharsets.UTF_8)).toString());
    }

    @Test
    void refusesAnythingElse() {
        for (String bad : new String[] {null, "", "sha256", "sha256:", EMPTY.toUpperCase(), EMPTY.replace("sha256", "sha512"),
                EMPTY + "0", EMPTY.substring(0, EMPTY.length() - 1), "sha256:../../../../etc/passwd" + "a".repeat(40),
                EMPTY.replace('e', 'g'), " " + EMPTY}) {
            assertThrows(IllegalArgumentException.class, () -> Digest.parse(bad), String.valueOf(bad));
        }
        assertThrows(IllegalArgumentException.class, () -> new Digest("../x"));
    }
}
