package dev.berth.cli.command.model;

import picocli.CommandLine.Help;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.ScopeType;

/**
 * What {@link OptionValues} and {@link ParametersValues} share: the attributes picocli's Option and
 * Parameters annotations both declare, with their defaults where the models give none.
 */
abstract class ArgValues<S extends ArgValues<S>> {
    private String[] description = {};
    private String arity = "";
    private String paramLabel = "";

    abstract S self();

    public S description(String... value) {
        description = value;
        return self();
    }

    public S arity(String value) {
        arity = value;
        return self();
    }

    public S paramLabel(String value) {
        paramLabel = value;
        return self();
    }

    public String[] description() {
        return description.clone();
    }

    public String arity() {
        return arity;
    }

    public String paramLabel() {
        return paramLabel;
    }

    public boolean hideParamSyntax() {
        return false;
    }

    public Class<?>[] type() {
        return new Class<?>[0];
    }

    @SuppressWarnings("unchecked")
    public Class<? extends ITypeConverter<?>>[] converter() {
        return new Class[0];
    }

    public String splitSynopsisLabel() {
        return "";
    }

    public Help.Visibility showDefaultValue() {
        return Help.Visibility.ON_DEMAND;
    }

    public Class<? extends Iterable<String>> completionCandidates() {
        return PicocliDefaults.NO_COMPLETION_CANDIDATES;
    }

    public boolean interactive() {
        return false;
    }

    public boolean echo() {
        return false;
    }

    public String prompt() {
        return "";
    }

    public String descriptionKey() {
        return "";
    }

    public ScopeType scope() {
        return ScopeType.LOCAL;
    }

    public String mapFallbackValue() {
        return PicocliDefaults.UNSPECIFIED;
    }

    public Class<? extends IParameterConsumer> parameterConsumer() {
        return PicocliDefaults.NULL_PARAMETER_CONSUMER;
    }

    public Class<? extends IParameterPreprocessor> preprocessor() {
        return PicocliDefaults.NO_OP_PREPROCESSOR;
    }
}
