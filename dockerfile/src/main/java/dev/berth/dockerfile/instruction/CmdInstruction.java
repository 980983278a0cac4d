package dev.berth.dockerfile.instruction;

/** CMD: the default command of the image. */
public record CmdInstruction(Origin origin, CommandLine command) implements Instruction {}
