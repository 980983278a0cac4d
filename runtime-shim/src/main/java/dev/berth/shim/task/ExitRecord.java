package dev.berth.shim.task;

import java.time.Instant;

/** How a run of a process ended; {@code error} says why the status is not the process's own (null when it is). */
public record ExitRecord(int exitStatus, Instant exitedAt, String error) {
    /** containerd's exit status for a process whose real status could not be known. */
    public static final int UNKNOWN_STATUS = 255;
}
