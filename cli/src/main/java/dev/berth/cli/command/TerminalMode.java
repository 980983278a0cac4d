package dev.berth.cli.command;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;

/**
 * Puts the user's terminal into raw mode for an interactive TTY session (keys go to the
 * container as typed) and restores it afterwards, through stty on the controlling terminal.
 */
final class TerminalMode implements AutoCloseable {
    private final String saved;

    private TerminalMode(String saved) {
        this.saved = saved;
    }

    /** True when stdin is a terminal. */
    static boolean stdinIsTerminal() {
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }

    /** Raw mode when stdin is a terminal; otherwise a no-op. */
    static TerminalMode raw() {
        if (!stdinIsTerminal()) {
            return new TerminalMode(null);
        }
        try {
            String saved = stty("-g").strip();
            stty("raw", "-echo");
            return new TerminalMode(saved);
        } catch (IOException e) {
            return new TerminalMode(null);
        }
    }

    /** Rows and columns of the terminal, or null when there is none. */
    static int[] size() {
        if (!stdinIsTerminal()) {
            return null;
        }
        try {
            String[] parts = stty("size").strip().split("\\s+");
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String stty(String... args) throws IOException {
        String[] command = new String[args.length + 1];
        command[0] = "stty";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectInput(Redirect.INHERIT).redirectError(Redirect.DISCARD).start();
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IOException("stty " + String.join(" ", args) + " failed");
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        if (saved != null) {
            try {
                stty(saved);
            } catch (IOException e) {
                // nothing better to do: the terminal stays as the container left it
            }
        }
    }
}
