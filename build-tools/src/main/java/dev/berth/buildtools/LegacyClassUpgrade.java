package dev.berth.buildtools;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassElement;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeModel;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.MethodModel;
import java.lang.classfile.MethodTransform;
import java.lang.classfile.instruction.DiscontinuedInstruction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the pre-Java-6 class files (version &lt; 50) of the jars in a lib directory as
 * version 52 with stack maps. The JDK's AOT cache refuses old class files ("Unlinked class not
 * supported by AOTClassLinking"): they are then loaded from the jar and checked by the old
 * type-inferring verifier at every start, which is most of what picocli costs a short-lived CLI.
 * Only the version and the stack maps change; the bytecode is the same. A jar without old classes
 * is left untouched, so running this again changes nothing.
 *
 * <p>{@code LegacyClassUpgrade DIR...}: every {@code *.jar} directly in each DIR (a missing DIR is
 * skipped). Run by Maven (exec:java) after copy-dependencies.
 */
public final class LegacyClassUpgrade {
    /** Java 8's class files: the split verifier with no fallback, which the AOT cache can link. */
    static final int TARGET_MAJOR = 52;
    /** From Java 6 on, class files carry stack maps. */
    private static final int FIRST_STACK_MAP_MAJOR = 50;

    private LegacyClassUpgrade() {
    }

    public static void main(String[] args) throws IOException {
        for (String arg : args) {
            Path dir = Path.of(arg);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Path> jars;
            try (Stream<Path> files = Files.list(dir)) {
                jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
            }
            try (LibraryClasses libraries = new LibraryClasses(jars)) {
                for (Path jar : jars) {
                    Report report = upgradeJar(jar, libraries.resolver());
                    if (report.upgraded() > 0 || !report.kept().isEmpty()) {
                        System.out.println("berth-build-tools: " + jar.getFileName() + ": " + report.upgraded()
                                + " class files upgraded to version " + TARGET_MAJOR
                                + (report.kept().isEmpty() ? "" : ", left as they were: " + report.kept()));
                    }
                }
            }
        }
    }

    /** What happened to one jar: classes rewritten, and old classes that could not be (name: why). */
    record Report(int upgraded, List<String> kept) {
    }

    /**
     * Rewrites the jar's old classes and replaces it atomically (a temporary file beside it, then a
     * move); the jar is not touched when it has none, or is signed (new bytes would break its signature).
     *
     * @param libraries superclasses and interfaces of the classes, which stack maps need to merge types
     */
    static Report upgradeJar(Path jar, ClassHierarchyResolver libraries) throws IOException {
        ClassFile classFile = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(libraries));
        Path temporary = null;
        int upgraded = 0;
        List<String> kept = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            if (!hasOldClasses(zip) || isSigned(zip)) {
                return new Report(0, List.of());
            }
            temporary = Files.createTempFile(jar.getParent(), "." + jar.getFileName(), ".part");
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(temporary))) {
                for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                    ZipEntry entry = entries.nextElement();
                    byte[] bytes;
                    try (InputStream in = zip.getInputStream(entry)) {
                        bytes = in.readAllBytes();
                    }
                    byte[] replacement = null;
                    if (isOldClass(entry, bytes)) {
                        try {
                            replacement = upgrade(classFile, bytes);
                            upgraded++;
                        } catch (IllegalArgumentException | IllegalStateException unsupported) {
                            kept.add(entry.getName() + " (" + unsupported.getMessage() + ")");
                        }
                    }
                    write(out, entry, replacement, bytes);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (temporary != null) {
                Files.deleteIfExists(temporary);
            }
            throw e;
        }
        if (upgraded == 0) {
            Files.delete(temporary);
        } else {
            Files.move(temporary, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        return new Report(upgraded, List.copyOf(kept));
    }

    /** The class at version 52, its code re-emitted so that stack maps are computed. */
    static byte[] upgrade(ClassFile classFile, byte[] bytes) {
        ClassModel model = classFile.parse(bytes);
        for (MethodModel method : model.methods()) {
            // jsr/ret (old javac's finally) are not allowed from version 51 on
            if (method.code().map(LegacyClassUpgrade::hasSubroutines).orElse(false)) {
                throw new IllegalArgumentException("jsr/ret in " + method.methodName().stringValue());
            }
        }
        return classFile.build(model.thisClass().asSymbol(), builder -> {
            builder.withVersion(TARGET_MAJOR, 0);
            for (ClassElement element : model) {
                switch (element) {
                    case MethodModel method -> builder.transformMethod(method, MethodTransform.transformingCode(CodeTransform.ACCEPT_ALL));
                    case ClassFileVersion version -> { }
                    default -> builder.with(element);
                }
            }
        });
    }

    private static boolean hasSubroutines(CodeModel code) {
        return code.elementStream().anyMatch(e -> e instanceof DiscontinuedInstruction);
    }

    private static void write(ZipOutputStream out, ZipEntry entry, byte[] replacement, byte[] original) throws IOException {
        ZipEntry copy;
        if (replacement == null) {
            copy = new ZipEntry(entry);
            copy.setCompressedSize(-1); // recompressed: the size may differ from the original's
        } else {
            copy = new ZipEntry(entry.getName());
            copy.setTime(entry.getTime());
        }
        out.putNextEntry(copy);
        out.write(replacement == null ? original : replacement);
        out.closeEntry();
    }

    private static boolean hasOldClasses(ZipFile zip) {
        return zip.stream().filter(e -> e.getName().endsWith(".class")).anyMatch(e -> {
            try (InputStream in = zip.getInputStream(e)) {
                return isOldClass(e, in.readNBytes(8));
            } catch (IOException failure) {
                throw new UncheckedIOException(failure);
            }
        });
    }

    /** A class file (by its magic number) older than Java 6; multi-release entries are newer by definition. */
    private static boolean isOldClass(ZipEntry entry, byte[] bytes) {
        if (!entry.getName().endsWith(".class") || entry.getName().startsWith("META-INF/") || bytes.length < 8) {
            return false;
        }
        boolean magic = (bytes[0] & 0xff) == 0xca && (bytes[1] & 0xff) == 0xfe && (bytes[2] & 0xff) == 0xba && (bytes[3] & 0xff) == 0xbe;
        int major = (bytes[6] & 0xff) << 8 | (bytes[7] & 0xff);
        return magic && major < FIRST_STACK_MAP_MAJOR;
    }

    private static boolean isSigned(ZipFile zip) {
        return zip.stream().map(ZipEntry::getName).anyMatch(name -> name.startsWith("META-INF/")
                && (name.endsWith(".SF") || name.endsWith(".RSA") || name.endsWith(".DSA") || name.endsWith(".EC")));
    }
}
