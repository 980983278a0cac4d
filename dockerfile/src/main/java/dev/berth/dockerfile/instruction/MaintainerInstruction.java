package dev.berth.dockerfile.instruction;

/** MAINTAINER text: deprecated, still accepted; sets the image's author. Not substituted. */
public record MaintainerInstruction(Origin origin, String maintainer) implements Instruction {}
