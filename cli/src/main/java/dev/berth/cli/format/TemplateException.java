package dev.berth.cli.format;

/** A template that does not parse, or fails while executing; the message reads like Go's. */
public final class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message);
    }
}
