package dev.berth.image;

/**
 * A string that is not a valid digest. The message is go-digest's, as Docker and containerd
 * print it: "invalid checksum digest format", "invalid checksum digest length" or
 * "unsupported digest algorithm".
 */
public class InvalidDigestException extends IllegalArgumentException {
    public static final String INVALID_FORMAT = "invalid checksum digest format";
    public static final String INVALID_LENGTH = "invalid checksum digest length";
    public static final String UNSUPPORTED = "unsupported digest algorithm";

    public InvalidDigestException(String message) {
        super(message);
    }
}
