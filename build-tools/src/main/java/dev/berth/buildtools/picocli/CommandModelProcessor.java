package dev.berth.buildtools.picocli;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;

/**
 * Writes, at build time, what picocli otherwise reads by reflection at every start of the CLI: for
 * each class with picocli's annotations a {@code <Class>Model} that builds its CommandSpec through
 * picocli's public model API (the annotations become plain objects, the fields are set by
 * generated code), and one index that finds the model of a command object.
 *
 * <p>Reading the annotations at run time made picocli's set-up a third of a {@code berth}
 * command's time: every annotation type is a dynamic proxy class spun at start, and picocli parses
 * the annotations of every method of Object. What picocli then does with the model is unchanged.
 * An attribute or a construct the models do not cover fails the build with its name, rather than
 * being dropped. Option: {@code -Aberth.commandModels=<fully qualified name of the index>}.
 */
public final class CommandModelProcessor extends AbstractProcessor {
    static final String PICOCLI = "picocli.CommandLine.";
    private static final List<String> MEMBER_ANNOTATIONS = List.of("Option", "Parameters", "Mixin", "Spec", "ParentCommand", "ArgGroup", "Unmatched");

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(PICOCLI + "*");
    }

    @Override
    public Set<String> getSupportedOptions() {
        return Set.of("berth.commandModels");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if (annotations.isEmpty()) {
            return false;
        }
        Map<String, TypeElement> modelled = new LinkedHashMap<>();
        for (TypeElement annotation : annotations) {
            for (Element element : round.getElementsAnnotatedWith(annotation)) {
                TypeElement type = element instanceof TypeElement t ? t : (TypeElement) element.getEnclosingElement();
                if (element.getKind() == ElementKind.METHOD || element.getKind() == ElementKind.PARAMETER) {
                    error(element, "picocli annotations on methods are not covered by the generated command models");
                    continue;
                }
                modelled.putIfAbsent(type.getQualifiedName().toString(), type);
            }
        }
        List<TypeElement> commands = new ArrayList<>();
        for (TypeElement type : modelled.values()) {
            if (!isAccessibleFromItsPackage(type)) {
                error(type, "a picocli class must be reachable from its package (not private) for its generated model");
                continue;
            }
            TypeElement parent = modelledSuperclass(type, modelled);
            try {
                ModelSource source = new ModelSource(processingEnv, type, parent);
                write(source.qualifiedName(), source.render(), type);
            } catch (ModelSource.Unsupported e) {
                error(e.element(), e.getMessage());
            }
            if (type.getAnnotationMirrors().stream().anyMatch(m -> is(m.getAnnotationType(), "Command"))
                    && !type.getModifiers().contains(Modifier.ABSTRACT)) {
                commands.add(type);
            }
        }
        String index = processingEnv.getOptions().get("berth.commandModels");
        if (index == null) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "-Aberth.commandModels=<index class> is required");
        } else {
            write(index, IndexSource.render(index, commands, processingEnv), null);
        }
        return false;
    }

    static boolean is(DeclaredType annotationType, String simpleName) {
        return ((TypeElement) annotationType.asElement()).getQualifiedName().contentEquals(PICOCLI + simpleName);
    }

    static boolean isMemberAnnotation(DeclaredType annotationType) {
        return MEMBER_ANNOTATIONS.stream().anyMatch(name -> is(annotationType, name));
    }

    private static boolean isAccessibleFromItsPackage(TypeElement type) {
        for (Element e = type; e instanceof TypeElement t; e = t.getEnclosingElement()) {
            if (t.getModifiers().contains(Modifier.PRIVATE) || (t.getNestingKind().isNested() && !t.getModifiers().contains(Modifier.STATIC)
                    && t.getKind() == ElementKind.CLASS)) {
                return false;
            }
        }
        return true;
    }

    /** The nearest superclass that has a model of its own: its members come first, as picocli adds them. */
    private static TypeElement modelledSuperclass(TypeElement type, Map<String, TypeElement> modelled) {
        TypeMirror superclass = type.getSuperclass();
        while (superclass.getKind() == TypeKind.DECLARED) {
            TypeElement element = (TypeElement) ((DeclaredType) superclass).asElement();
            if (modelled.containsKey(element.getQualifiedName().toString())) {
                return element;
            }
            superclass = element.getSuperclass();
        }
        return null;
    }

    private void write(String qualifiedName, String source, Element origin) {
        try (Writer out = processingEnv.getFiler().createSourceFile(qualifiedName, origin == null ? new Element[0] : new Element[] {origin}).openWriter()) {
            out.write(source);
        } catch (IOException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "cannot write " + qualifiedName + ": " + e.getMessage());
        }
    }

    private void error(Element element, String message) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, element);
    }
}
