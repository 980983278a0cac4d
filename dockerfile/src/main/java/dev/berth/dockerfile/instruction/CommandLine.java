package dev.berth.dockerfile.instruction;

import java.util.List;

/**
 * The command of RUN, CMD, ENTRYPOINT or HEALTHCHECK CMD: exec form (a JSON array, run as is) or
 * shell form (one string, to be prefixed with the current SHELL).
 *
 * @param args      exec-form arguments, or the single shell-form string; empty when none was given
 * @param shellForm true when the builder must prepend the SHELL (Docker's PrependShell)
 */
public record CommandLine(List<String> args, boolean shellForm) {
    public CommandLine {
        args = List.copyOf(args);
    }
}
