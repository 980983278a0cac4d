package dev.berth.gateway.container;

import java.time.Instant;

/** X-Docker-Container-Path-Stat: a path's name, size, Go file mode bits, mtime and link target. */
public record PathStat(String name, long size, long mode, Instant mtime, String linkTarget) {}
