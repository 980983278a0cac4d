package dev.berth.dockerfile.instruction;

/** ENTRYPOINT: the entrypoint of the image; no arguments (or []) clears it. */
public record EntrypointInstruction(Origin origin, CommandLine command) implements Instruction {}
