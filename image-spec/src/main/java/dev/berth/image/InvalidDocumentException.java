package dev.berth.image;

/**
 * A manifest, index or config that is not valid JSON or breaks the spec (no config, a negative
 * size, a bad digest, a wrong schema version...). The message names the document and the field,
 * e.g. "invalid image manifest: layers[1].size: must not be negative".
 */
public class InvalidDocumentException extends IllegalArgumentException {
    public InvalidDocumentException(String message) {
        super(message);
    }

    public InvalidDocumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
