package dev.berth.gateway.container;

/** Which streams an attach carries (the attach endpoint's stdin/stdout/stderr parameters). */
public record AttachOptions(boolean stdin, boolean stdout, boolean stderr) {}
