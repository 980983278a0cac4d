package dev.berth.network.state;

/** A container's network namespace, created with {@code ip netns add <netnsName>}. */
public record SandboxRecord(String containerId, String netnsName) {}
