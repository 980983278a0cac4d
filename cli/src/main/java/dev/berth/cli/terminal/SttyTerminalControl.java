package dev.berth.cli.terminal;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;

/**
 * The fallback when the JVM may not call native code: stty on the inherited stdin. It only
 * knows stdin's terminal, and tells a terminal stdout apart through System.console().
 */
final class SttyTerminalControl implements TerminalControl {

    @Override
    public boolean isTerminal(int fd) {
        java.io.Console console = System.console();
        boolean consoleIsTerminal = console != null && console.isTerminal();
        if (fd == 0) {
            return consoleIsTerminal || sttyWorks();
        }
        return consoleIsTerminal;
    }

    private static boolean sttyWorks() {
        try {
            stty("-g");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public Runnable makeRaw(int fd) throws IOException {
        String saved = stty("-g").strip();
        stty("raw", "-echo");
        return () -> {
            try {
                stty(saved);
            } catch (IOException e) {
                // nothing better to do: the terminal stays raw
            }
        };
    }

    @Override
    public Terminal.Size windowSize(int fd) {
        try {
            String[] parts = stty("size").strip().split("\\s+");
            int rows = Integer.parseInt(parts[0]);
            int columns = Integer.parseInt(parts[1]);
            return rows == 0 && columns == 0 ? null : new Terminal.Size(rows, columns);
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
}
