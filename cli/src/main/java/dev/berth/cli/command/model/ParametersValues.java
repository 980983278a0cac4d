package dev.berth.cli.command.model;

import java.lang.annotation.Annotation;
import picocli.CommandLine.Parameters;

/** A {@link Parameters} as an object, not a proxy; see {@link OptionValues}. */
@SuppressWarnings("ClassExplicitlyAnnotation")
public final class ParametersValues extends ArgValues<ParametersValues> implements Parameters {
    private String index = "";

    public ParametersValues index(String value) {
        index = value;
        return this;
    }

    @Override
    ParametersValues self() {
        return this;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return Parameters.class;
    }

    @Override
    public String index() {
        return index;
    }

    @Override
    public String split() {
        return "";
    }

    @Override
    public boolean hidden() {
        return false;
    }

    @Override
    public String defaultValue() {
        return PicocliDefaults.NO_DEFAULT_VALUE;
    }
}
