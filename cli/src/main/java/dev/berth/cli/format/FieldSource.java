package dev.berth.cli.format;

/**
 * An object whose fields a template may read by name, strictly: an unknown field is an error,
 * as on a Go struct (docker's formatter contexts for ps, images, ...).
 */
public interface FieldSource {

    /** True when the object has this field (its value may still be null). */
    boolean hasField(String name);

    Object field(String name);

    /** Type name used in error messages, like Go's "*formatter.ContainerContext". */
    String typeName();
}
