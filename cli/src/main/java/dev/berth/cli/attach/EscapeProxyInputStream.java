package dev.berth.cli.attach;

import java.io.IOException;
import java.io.InputStream;

/**
 * Passes keystrokes through and watches for the detach sequence (moby/term's escapeProxy): the
 * bytes of a partial sequence are held back until it either completes, ending the input with
 * {@link DetachedException}, or breaks, releasing them.
 */
final class EscapeProxyInputStream extends InputStream {
    private final InputStream in;
    private final byte[] keys;
    private int matched;
    private byte[] pending = new byte[0];

    EscapeProxyInputStream(InputStream in, byte[] keys) {
        this.in = in;
        this.keys = keys;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (keys.length > 0 && matched == keys.length) {
            throw new DetachedException();
        }
        int n = 0;
        if (pending.length > 0) {
            n = Math.min(len, pending.length);
            System.arraycopy(pending, 0, buf, off, n);
            pending = java.util.Arrays.copyOfRange(pending, n, pending.length);
        }
        int got = n < len ? in.read(buf, off + n, len - n) : 0;
        boolean end = got < 0;
        if (got > 0) {
            n += got;
        }
        if (keys.length == 0) {
            return end && n == 0 ? -1 : n;
        }
        for (int i = 0; i < n; i++) {
            if (buf[off + i] == keys[matched]) {
                matched++;
                if (matched == keys.length) {
                    int before = Math.max(0, i + 1 - matched);
                    if (before == 0) {
                        throw new DetachedException();
                    }
                    return before;
                }
                continue;
            }
            if (i < matched) {
                // the sequence began in an earlier read and broke here: give its bytes back first
                byte[] preserve = new byte[matched + n];
                System.arraycopy(keys, 0, preserve, 0, matched);
                System.arraycopy(buf, off, preserve, matched, n);
                int copied = Math.min(len, preserve.length);
                System.arraycopy(preserve, 0, buf, off, copied);
                byte[] rest = java.util.Arrays.copyOfRange(preserve, copied, preserve.length);
                // what was pushed out of buf comes before anything still pending
                byte[] joined = new byte[rest.length + pending.length];
                System.arraycopy(rest, 0, joined, 0, rest.length);
                System.arraycopy(pending, 0, joined, rest.length, pending.length);
                pending = joined;
                i += matched;
                n = copied;
            }
            matched = 0;
        }
        n -= matched;
        if (n < 0) {
            n = 0;
        }
        return end && n == 0 ? -1 : n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
