package dev.berth.cli.attach;

import java.io.IOException;

/** The user typed the detach key sequence (moby/term's EscapeError). */
public final class DetachedException extends IOException {
    public DetachedException() {
        super("read escape sequence");
    }
}
