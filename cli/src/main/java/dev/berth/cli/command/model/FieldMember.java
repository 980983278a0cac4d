package dev.berth.cli.command.model;

import java.lang.annotation.Annotation;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.IAnnotatedElement;
import picocli.CommandLine.Model.IExtensible;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.IScope;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.ITypeInfo;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A command's field as picocli's model builders see it, described at build time instead of read by
 * reflection: its name, its one annotation (as an object), its type and how to get and set it.
 * picocli's own builders turn it into an option or a positional parameter exactly as they turn a
 * reflected field, so arity, labels and types are inferred by the same code.
 */
public final class FieldMember implements IAnnotatedElement, IExtensible {
    private final String name;
    private final Annotation annotation;
    private final String declaration;
    private final ITypeInfo typeInfo;
    private final IScope scope;
    private final IGetter getter;
    private final ISetter setter;

    /**
     * @param declaration the field as {@code Field.toGenericString()} writes it, for picocli's messages
     * @param elementTypes what the field holds: a List's type argument, an array's component type, else its own type
     * @param binding reads and writes the field of the command object
     */
    public <B extends IGetter & ISetter> FieldMember(String name, Annotation annotation, String declaration, Class<?> type,
            Class<?>[] elementTypes, Object target, B binding) {
        this.name = name;
        this.annotation = annotation;
        this.declaration = declaration;
        this.scope = new TargetScope(target);
        this.getter = binding;
        this.setter = binding;
        this.typeInfo = new FieldTypeInfo(type, elementTypes);
    }

    @Override
    public Object userObject() {
        return this;
    }

    @Override
    public boolean isAnnotationPresent(Class<? extends Annotation> annotationClass) {
        return annotationClass.isInstance(annotation);
    }

    @Override
    public <T extends Annotation> T getAnnotation(Class<T> annotationClass) {
        return annotationClass.isInstance(annotation) ? annotationClass.cast(annotation) : null;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getMixinName() {
        String annotated = ((Mixin) annotation).name();
        return annotated.isEmpty() ? name : annotated;
    }

    @Override
    public boolean isArgSpec() {
        return isOption() || isParameter();
    }

    @Override
    public boolean isOption() {
        return annotation instanceof Option;
    }

    @Override
    public boolean isParameter() {
        return annotation instanceof Parameters;
    }

    @Override
    public boolean isArgGroup() {
        return false;
    }

    @Override
    public boolean isMixin() {
        return annotation instanceof Mixin;
    }

    @Override
    public boolean isUnmatched() {
        return false;
    }

    @Override
    public boolean isSpec() {
        return annotation instanceof Spec;
    }

    @Override
    public boolean isParentCommand() {
        return annotation instanceof ParentCommand;
    }

    @Override
    public boolean isMultiValue() {
        return typeInfo.isMultiValue();
    }

    @Override
    public boolean isInteractive() {
        return false;
    }

    @Override
    public boolean hasInitialValue() {
        return true;
    }

    @Override
    public boolean isMethodParameter() {
        return false;
    }

    @Override
    public int getMethodParamPosition() {
        return -1;
    }

    @Override
    public IScope scope() {
        return scope;
    }

    @Override
    public IGetter getter() {
        return getter;
    }

    @Override
    public ISetter setter() {
        return setter;
    }

    @Override
    public ITypeInfo getTypeInfo() {
        return typeInfo;
    }

    @Override
    public String getToString() {
        // picocli's wording for a reflected field: modifiers and java.lang. left out
        String text = declaration.replace("private ", "").replace("protected ", "").replace("public ", "").replace("java.lang.", "");
        return isMixin() ? "mixin from member " + text : "field " + text;
    }

    @Override
    public String toString() {
        return declaration;
    }

    /**
     * picocli asks a reflected field whether its initial value is still to be read (it is: the
     * field's value when parsing starts); the enum that answers is picocli's own, not public.
     */
    @Override
    public <T> T getExtension(Class<T> cls) {
        if (cls.isEnum() && cls.getName().equals("picocli.CommandLine$Model$InitialValueState")) {
            for (T constant : cls.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals("POSTPONED")) {
                    return constant;
                }
            }
        }
        return null;
    }

    /** The object whose field this is. */
    private static final class TargetScope implements IScope {
        private Object target;

        TargetScope(Object target) {
            this.target = target;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get() {
            return (T) target;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T set(T value) {
            T old = (T) target;
            target = value;
            return old;
        }
    }
}
