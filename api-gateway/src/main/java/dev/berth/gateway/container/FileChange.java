package dev.berth.gateway.container;

/** One line of docker diff: Kind 0 modified, 1 added, 2 deleted. */
public record FileChange(String path, int kind) {}
