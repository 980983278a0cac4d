package dev.berth.dockerfile.instruction;

import java.util.List;

/** SHELL ["executable", "params"...]: the shell for later shell-form commands (JSON form only). */
public record ShellInstruction(Origin origin, List<String> shell) implements Instruction {
    public ShellInstruction {
        shell = List.copyOf(shell);
    }
}
