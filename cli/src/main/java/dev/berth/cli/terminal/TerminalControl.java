package dev.berth.cli.terminal;

import java.io.IOException;

/** The few terminal operations the CLI needs, on a file descriptor (0 or 1). */
interface TerminalControl {

    boolean isTerminal(int fd);

    /** Switches fd to raw mode; returns what restores the previous state. */
    Runnable makeRaw(int fd) throws IOException;

    /** The window size, or null when fd is no terminal or reports 0x0. */
    Terminal.Size windowSize(int fd);
}
