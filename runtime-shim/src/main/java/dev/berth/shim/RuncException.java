package dev.berth.shim;

/** runc failed; the message is what runc printed. */
final class RuncException extends Exception {
    RuncException(String message) {
        super(message);
    }
}
