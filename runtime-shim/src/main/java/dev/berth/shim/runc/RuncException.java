package dev.berth.shim.runc;

/** runc failed; the message is what runc printed. */
public final class RuncException extends Exception {
    private static final long serialVersionUID = 1L;

    public RuncException(String message) {
        super(message);
    }

    /** Whether runc said the container is gone or not running. */
    public boolean notRunning() {
        String m = getMessage();
        return m.contains("not running") || m.contains("does not exist") || m.contains("process already finished")
                || m.contains("container not running");
    }
}
