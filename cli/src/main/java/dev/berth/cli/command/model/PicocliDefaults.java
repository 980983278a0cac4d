package dev.berth.cli.command.model;

import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.IParameterPreprocessor;

/**
 * The default values of picocli's annotations that name picocli's private classes or constants,
 * which the annotation objects must return as the annotations would. Found by name: a Class
 * object needs no access to its class.
 */
final class PicocliDefaults {
    static final String NO_DEFAULT_VALUE = "__no_default_value__";
    static final String UNSPECIFIED = "__unspecified__";
    static final Class<? extends Iterable<String>> NO_COMPLETION_CANDIDATES = named("NoCompletionCandidates");
    static final Class<? extends IParameterConsumer> NULL_PARAMETER_CONSUMER = named("NullParameterConsumer");
    static final Class<? extends IParameterPreprocessor> NO_OP_PREPROCESSOR = named("NoOpParameterPreprocessor");

    private PicocliDefaults() {
    }

    @SuppressWarnings("unchecked")
    private static <T> Class<? extends T> named(String nested) {
        try {
            return (Class<? extends T>) Class.forName("picocli.CommandLine$" + nested, false, PicocliDefaults.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError("picocli without " + nested + ": the generated command models need a rebuild");
        }
    }
}
