package dev.berth.cli.api;

import java.io.IOException;

/** The daemon's socket could not be reached. */
public final class DaemonUnavailableException extends IOException {
    public DaemonUnavailableException(String address, IOException cause) {
        super("Cannot connect to the Berth daemon at " + address + ". Is the berth daemon running?", cause);
    }
}
