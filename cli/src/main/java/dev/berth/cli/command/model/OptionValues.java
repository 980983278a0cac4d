package dev.berth.cli.command.model;

import java.lang.annotation.Annotation;
import picocli.CommandLine.Option;

/**
 * An {@link Option} as an object, not a proxy: what an option's annotation says, written out at build
 * time by the generated command models. Attributes the models never set keep picocli's defaults
 * ({@code AnnotationValuesTest} holds them to the annotation's own).
 */
@SuppressWarnings("ClassExplicitlyAnnotation")
public final class OptionValues extends ArgValues<OptionValues> implements Option {
    private String[] names = {};
    private String split = "";
    private boolean hidden;
    private String defaultValue = PicocliDefaults.NO_DEFAULT_VALUE;
    private String fallbackValue = "";
    private boolean usageHelp;
    private boolean versionHelp;

    public OptionValues names(String... value) {
        names = value;
        return this;
    }

    public OptionValues split(String value) {
        split = value;
        return this;
    }

    public OptionValues hidden(boolean value) {
        hidden = value;
        return this;
    }

    public OptionValues defaultValue(String value) {
        defaultValue = value;
        return this;
    }

    public OptionValues fallbackValue(String value) {
        fallbackValue = value;
        return this;
    }

    public OptionValues usageHelp(boolean value) {
        usageHelp = value;
        return this;
    }

    public OptionValues versionHelp(boolean value) {
        versionHelp = value;
        return this;
    }

    @Override
    OptionValues self() {
        return this;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return Option.class;
    }

    @Override
    public String[] names() {
        return names.clone();
    }

    @Override
    public boolean required() {
        return false;
    }

    @Override
    public boolean help() {
        return false;
    }

    @Override
    public boolean usageHelp() {
        return usageHelp;
    }

    @Override
    public boolean versionHelp() {
        return versionHelp;
    }

    @Override
    public String split() {
        return split;
    }

    @Override
    public boolean hidden() {
        return hidden;
    }

    @Override
    public String defaultValue() {
        return defaultValue;
    }

    @Override
    public int order() {
        return -1;
    }

    @Override
    public boolean negatable() {
        return false;
    }

    @Override
    public String fallbackValue() {
        return fallbackValue;
    }
}
