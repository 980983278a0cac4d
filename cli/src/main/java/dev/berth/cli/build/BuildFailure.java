package dev.berth.cli.build;

/** A build that cannot start, with docker's message; the command prints it and exits 1. */
public class BuildFailure extends Exception {
    public BuildFailure(String message) {
        super(message);
    }
}
