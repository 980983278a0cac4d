package dev.berth.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainIdTest {
    private static final Digest A = Digest.parse("sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4");
    private static final Digest B = Digest.parse("sha256:ae52b8b7a4f6a6d61b8f3aa7e9f4d8b1b77e8e4aab0d5bbd2c1ce3d4a8d54fb2");
    private static final Digest C = Digest.parse("sha256:0b1edfbffd27c935a666e233a0042ed634205f6f7a4d1e2d2d5e3f10eeac4b0b");

    @Test
    void theFirstChainIdIsTheFirstDiffId() {
        assertEquals(List.of(A), ChainId.chain(List.of(A)));
        assertEquals(A, ChainId.of(List.of(A)));
    }

    @Test
    void eachNextChainIdHashesTheParentAndTheDiffIdWithASpace() {
        Digest ab = Digest.of(("sha256:" + A.hex() + " sha256:" + B.hex()).getBytes(StandardCharsets.UTF_8));
        Digest abc = Digest.of((ab + " " + C).getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(A, ab, abc), ChainId.chain(List.of(A, B, C)));
        assertEquals(abc, ChainId.of(List.of(A, B, C)));
        assertEquals(ab, ChainId.next(A, B));
    }

    @Test
    void matchesAKnownValue() {
        // sha256("sha256:a3ed...46d4 sha256:a3ed...46d4"), computed with sha256sum.
        assertEquals("sha256:4c7048f6aa2475cea003298d6f2dd9b9e1295d787015684fc26a77739498dce3",
                ChainId.of(List.of(A, A)).toString());
    }

    @Test
    void anEmptyStackHasNoChainId() {
        assertEquals(List.of(), ChainId.chain(List.of()));
        assertThrows(IllegalArgumentException.class, () -> ChainId.of(List.of()));
    }
}
