package dev.berth.network.exec;

import java.util.List;

/** A host command (ip, iptables) exited non-zero; carries its stderr, which says what went wrong. */
public final class CommandFailedException extends RuntimeException {
    private final List<String> command;
    private final int exitCode;
    private final String stderr;

    public CommandFailedException(List<String> command, int exitCode, String stderr) {
        super(String.join(" ", command) + " failed (exit " + exitCode + "): " + stderr.strip());
        this.command = List.copyOf(command);
        this.exitCode = exitCode;
        this.stderr = stderr;
    }

    public List<String> command() {
        return command;
    }

    public int exitCode() {
        return exitCode;
    }

    public String stderr() {
        return stderr;
    }
}
