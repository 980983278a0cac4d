package dev.berth.dockerfile.instruction;

/** RUN: a command run in a container whose result becomes a layer. Not substituted by the builder (the shell does it). */
public record RunInstruction(Origin origin, CommandLine command) implements Instruction {}
