package dev.berth.cli.command.model;

import java.lang.annotation.Annotation;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The annotations of a command's members other than options and parameters, as objects. */
@SuppressWarnings("ClassExplicitlyAnnotation")
public final class MemberKind {

    private MemberKind() {
    }

    /** {@code @Mixin} (its name, empty for the field's). */
    public static Mixin mixin(String name) {
        return new Mixin() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return Mixin.class;
            }
        };
    }

    /** {@code @Spec} on a field that receives the command's own spec. */
    public static Spec spec() {
        return new Spec() {
            @Override
            public Target value() {
                return Target.SELF;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return Spec.class;
            }
        };
    }

    /** {@code @ParentCommand}. */
    public static ParentCommand parentCommand() {
        return new ParentCommand() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ParentCommand.class;
            }
        };
    }
}
