package dev.berth.cli.format;

import java.util.List;

/** A field that is a method taking arguments, such as {{.Label "com.example"}} on a ps row. */
@FunctionalInterface
public interface TemplateMethod {
    Object call(List<Object> args);
}
