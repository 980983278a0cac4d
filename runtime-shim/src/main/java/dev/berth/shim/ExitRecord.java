package dev.berth.shim;

import java.time.Instant;

/** How a run of the container ended. */
record ExitRecord(int exitStatus, Instant exitedAt) {}
