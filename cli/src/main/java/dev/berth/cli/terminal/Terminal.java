package dev.berth.cli.terminal;

/**
 * The user's terminal as the interactive commands need it: whether stdin and stdout are
 * terminals, raw mode while attached to a TTY, the window size and its changes (SIGWINCH).
 */
public interface Terminal {

    /** Rows and columns of a terminal window. */
    record Size(int rows, int columns) {
    }

    /** Raw mode until closed; closing twice is harmless. */
    interface RawMode extends AutoCloseable {
        @Override
        void close();
    }

    /** A registration that ends when closed. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    boolean stdinIsTerminal();

    boolean stdoutIsTerminal();

    /** Puts stdin's terminal in raw mode (docker's flags); a no-op when stdin is not a terminal. */
    RawMode makeRaw();

    /** The window size of stdout's terminal (stdin's when stdout is redirected), or null. */
    Size size();

    /** Calls the listener on every window size change until the subscription is closed. */
    Subscription onResize(Runnable listener);

    /** The process's own terminal: native calls through FFM, or stty when native access is off. */
    static Terminal system() {
        return SystemTerminal.create();
    }
}
