package dev.berth.dockerfile.instruction;

/** HEALTHCHECK NONE, or HEALTHCHECK [--interval --timeout --start-period --retries] CMD command. */
public record HealthcheckInstruction(Origin origin, HealthConfig health) implements Instruction {}
