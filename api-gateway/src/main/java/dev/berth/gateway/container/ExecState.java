package dev.berth.gateway.container;

/**
 * What GET /exec/{id}/json tells of an exec.
 *
 * @param exitCode null while it has not exited
 */
public record ExecState(String id, String containerId, ExecConfig config, boolean running, Integer exitCode, int pid) {}
