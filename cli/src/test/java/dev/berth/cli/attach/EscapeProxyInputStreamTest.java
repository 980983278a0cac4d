package dev.berth.cli.attach;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class EscapeProxyInputStreamTest {
    private static final byte P = 16;
    private static final byte Q = 17;

    /** An input that arrives in the given reads, one chunk per read(). */
    private static InputStream chunks(byte[]... parts) {
        List<InputStream> streams = new ArrayList<>();
        for (byte[] part : parts) {
            streams.add(new java.io.ByteArrayInputStream(part));
        }
        return new SequenceInputStream(Collections.enumeration(streams));
    }

    /** Reads until the end or the detach; returns what passed through, and whether it detached. */
    private static Object[] drain(InputStream in) throws IOException {
        ByteArrayOutputStream passed = new ByteArrayOutputStream();
        byte[] buffer = new byte[64];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                passed.write(buffer, 0, n);
            }
            return new Object[] {passed.toByteArray(), false};
        } catch (DetachedException e) {
            return new Object[] {passed.toByteArray(), true};
        }
    }

    @Test
    void theDefaultSequenceDetachesAndKeepsWhatCameBefore() throws IOException {
        Object[] result = drain(new EscapeProxyInputStream(chunks(new byte[] {'l', 's', '\n', P, Q, 'x'}), DetachKeys.DEFAULT));
        assertArrayEquals(new byte[] {'l', 's', '\n'}, (byte[]) result[0]);
        assertEquals(true, result[1]);
    }

    @Test
    void aSequenceSplitOverReadsStillDetaches() throws IOException {
        Object[] result = drain(new EscapeProxyInputStream(chunks(new byte[] {'a', P}, new byte[] {Q}), DetachKeys.DEFAULT));
        assertArrayEquals(new byte[] {'a'}, (byte[]) result[0]);
        assertEquals(true, result[1]);
    }

    @Test
    void aBrokenSequenceGivesItsBytesBack() throws IOException {
        Object[] result = drain(new EscapeProxyInputStream(chunks(new byte[] {'a', P}, new byte[] {'b', P, 'c'}), DetachKeys.DEFAULT));
        assertArrayEquals(new byte[] {'a', P, 'b', P, 'c'}, (byte[]) result[0]);
        assertEquals(false, result[1]);
    }

    @Test
    void aSingleCtrlPInTheMiddleIsPassedOn() throws IOException {
        Object[] result = drain(new EscapeProxyInputStream(chunks(new byte[] {P, 'x', Q}), DetachKeys.DEFAULT));
        assertArrayEquals(new byte[] {P, 'x', Q}, (byte[]) result[0]);
        assertEquals(false, result[1]);
    }

    @Test
    void customKeys() throws IOException {
        byte[] keys = DetachKeys.parse("ctrl-a,x");
        assertArrayEquals(new byte[] {1, 'x'}, keys);
        Object[] result = drain(new EscapeProxyInputStream(chunks(new byte[] {'h', 'i', P, Q, 1, 'x'}), keys));
        assertArrayEquals(new byte[] {'h', 'i', P, Q}, (byte[]) result[0]);
        assertEquals(true, result[1]);
    }

    @Test
    void detachKeysParseAsMobyTermDoes() {
        assertArrayEquals(new byte[] {16, 17}, DetachKeys.parse("ctrl-p,ctrl-q"));
        assertArrayEquals(new byte[] {0, 28, 31, 127, 'a'}, DetachKeys.parse("ctrl-@,ctrl-\\,ctrl-_,DEL,a"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DetachKeys.parse("ctrl-pp"));
        assertEquals("Unknown character: 'ctrl-pp'", e.getMessage());
        assertArrayEquals(DetachKeys.DEFAULT, DetachKeys.orDefault("bogus-key"));
        assertArrayEquals(DetachKeys.DEFAULT, DetachKeys.orDefault(null));
    }
}
