package dev.berth.interop;

import java.util.List;

/** A finished command: its exit code and its stdout and stderr together. */
record CommandResult(List<String> command, int exitCode, String output) {
    /** The output, failing with the command and its output when the exit code is not 0. */
    String checked() {
        if (exitCode != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + exitCode + ":\n" + output);
        }
        return output;
    }
}
