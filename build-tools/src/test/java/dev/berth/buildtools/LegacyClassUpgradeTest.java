package dev.berth.buildtools;

import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_void;
import static java.lang.constant.ConstantDescs.INIT_NAME;
import static java.lang.constant.ConstantDescs.MTD_void;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LegacyClassUpgradeTest {
    private static final ClassDesc BASE = ClassDesc.of("old.Base");
    private static final ClassDesc A = ClassDesc.of("old.A");
    private static final ClassDesc B = ClassDesc.of("old.B");
    private static final ClassDesc CHOOSER = ClassDesc.of("old.Chooser");

    @TempDir
    Path dir;

    @Test
    void oldClassesAreRewrittenAtVersion52AndPassTheVerifier() throws Exception {
        Path jar = jar("old.jar", oldClasses(49, ClassFile.of()));

        LegacyClassUpgrade.Report report = upgrade(jar);

        assertEquals(4, report.upgraded());
        assertEquals(List.of(), report.kept());
        Map<String, byte[]> entries = entries(jar);
        assertEquals(List.of("META-INF/MANIFEST.MF", "old/Base.class", "old/A.class", "old/B.class", "old/Chooser.class", "old/notes.txt"),
                List.copyOf(entries.keySet()));
        assertEquals("Manifest-Version: 1.0\r\n\r\n", new String(entries.get("META-INF/MANIFEST.MF"), StandardCharsets.UTF_8));
        ClassModel chooser = ClassFile.of().parse(entries.get("old/Chooser.class"));
        assertEquals(52, chooser.majorVersion());
        assertTrue(chooser.methods().stream().filter(m -> m.methodName().equalsString("pick")).findFirst().orElseThrow()
                .code().orElseThrow().findAttribute(Attributes.stackMapTable()).isPresent());
        // the merge after the branch needs A and B's common superclass, which only the jar knows
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Class<?> type = loader.loadClass("old.Chooser");
            Method pick = type.getMethod("pick", boolean.class);
            assertEquals("old.A", pick.invoke(null, true).getClass().getName());
            assertEquals("old.B", pick.invoke(null, false).getClass().getName());
            assertEquals(10, type.getMethod("sum", int.class).invoke(null, 4));
        }
    }

    @Test
    void withoutStackMapsTheSameClassesFailVerification() throws Exception {
        // the control for the test above: the class loader there does verify version 52 classes
        Path jar = jar("bare.jar", oldClasses(52, ClassFile.of(ClassFile.StackMapsOption.DROP_STACK_MAPS)));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertThrows(VerifyError.class, () -> loader.loadClass("old.Chooser").getMethod("pick", boolean.class));
        }
    }

    @Test
    void aJarWithoutOldClassesIsLeftByteIdentical() throws Exception {
        ClassHierarchyResolver hierarchy = ClassHierarchyResolver.of(List.of(), Map.of(A, BASE, B, BASE, BASE, CD_Object))
                .orElse(ClassHierarchyResolver.defaultResolver());
        Path jar = jar("modern.jar", oldClasses(ClassFile.latestMajorVersion(), ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(hierarchy))));
        byte[] before = Files.readAllBytes(jar);

        assertEquals(0, upgrade(jar).upgraded());

        assertArrayEquals(before, Files.readAllBytes(jar));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(jar), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void runningAgainChangesNothing() throws Exception {
        Path jar = jar("old.jar", oldClasses(49, ClassFile.of()));
        LegacyClassUpgrade.main(new String[] {dir.toString(), dir.resolve("missing").toString()});
        byte[] once = Files.readAllBytes(jar);

        LegacyClassUpgrade.main(new String[] {dir.toString()});

        assertArrayEquals(once, Files.readAllBytes(jar));
        assertEquals(52, ClassFile.of().parse(entries(jar).get("old/A.class")).majorVersion());
    }

    private LegacyClassUpgrade.Report upgrade(Path jar) throws IOException {
        try (LibraryClasses libraries = new LibraryClasses(List.of(jar))) {
            return LegacyClassUpgrade.upgradeJar(jar, libraries.resolver());
        }
    }

    /** Base, A and B extending it, and Chooser with a branch merging an A and a B, and a loop. */
    private static Map<String, byte[]> oldClasses(int major, ClassFile classFile) {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        classes.put("old/Base.class", subclass(classFile, major, BASE, CD_Object));
        classes.put("old/A.class", subclass(classFile, major, A, BASE));
        classes.put("old/B.class", subclass(classFile, major, B, BASE));
        classes.put("old/Chooser.class", classFile.build(CHOOSER, cb -> {
            cb.withVersion(major, 0).withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_SUPER).withSuperclass(CD_Object);
            cb.withMethodBody("pick", MethodTypeDesc.of(CD_Object, CD_boolean), ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC, code -> {
                Label otherwise = code.newLabel();
                Label merge = code.newLabel();
                code.iload(0).ifeq(otherwise)
                        .new_(A).dup().invokespecial(A, INIT_NAME, MTD_void).goto_(merge)
                        .labelBinding(otherwise).new_(B).dup().invokespecial(B, INIT_NAME, MTD_void)
                        .labelBinding(merge).astore(1).aload(1).areturn();
            });
            cb.withMethodBody("sum", MethodTypeDesc.of(CD_int, CD_int), ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC, code -> {
                Label loop = code.newLabel();
                Label end = code.newLabel();
                code.iconst_0().istore(1)
                        .labelBinding(loop).iload(0).ifle(end)
                        .iload(1).iload(0).iadd().istore(1).iinc(0, -1).goto_(loop)
                        .labelBinding(end).iload(1).ireturn();
            });
        }));
        return classes;
    }

    private static byte[] subclass(ClassFile classFile, int major, ClassDesc type, ClassDesc superclass) {
        return classFile.build(type, cb -> cb.withVersion(major, 0).withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_SUPER)
                .withSuperclass(superclass)
                .withMethodBody(INIT_NAME, MethodTypeDesc.of(CD_void), ClassFile.ACC_PUBLIC,
                        code -> code.aload(0).invokespecial(superclass, INIT_NAME, MTD_void).return_()));
    }

    private Path jar(String name, Map<String, byte[]> classes) throws IOException {
        Path jar = dir.resolve(name);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            put(out, "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
                put(out, entry.getKey(), entry.getValue());
            }
            put(out, "old/notes.txt", "kept as it is".getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    private static void put(ZipOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    private static Map<String, byte[]> entries(Path jar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<ZipEntry> all = new ArrayList<>(zip.stream().toList());
            for (ZipEntry entry : all) {
                try (InputStream in = zip.getInputStream(entry)) {
                    entries.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        return entries;
    }
}
