package dev.berth.cli.compose.model;

/**
 * A service's mount: a named volume of the project ({@code source} is the key under top-level
 * volumes), a bind mount ({@code source} an absolute host path), an anonymous volume (no source)
 * or a tmpfs.
 */
public record ServiceVolume(Type type, String source, String target, boolean readOnly, boolean noCopy, long tmpfsSize) {
    public enum Type { VOLUME, BIND, TMPFS }
}
