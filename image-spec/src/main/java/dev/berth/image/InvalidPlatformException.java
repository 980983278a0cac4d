package dev.berth.image;

/** A platform specifier that cannot be parsed; the message follows containerd's platforms.Parse. */
public class InvalidPlatformException extends IllegalArgumentException {
    public InvalidPlatformException(String message) {
        super(message);
    }
}
