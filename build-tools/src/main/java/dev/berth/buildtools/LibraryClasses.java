package dev.berth.buildtools;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.constant.ClassDesc;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The class hierarchy stack maps are computed against: the classes of all the jars in a lib
 * directory (a library's classes extend each other and their dependencies'), then the JDK's.
 */
final class LibraryClasses implements AutoCloseable {
    private final List<ZipFile> jars = new ArrayList<>();
    private final ClassHierarchyResolver resolver;

    LibraryClasses(List<Path> jarFiles) throws IOException {
        try {
            for (Path jar : jarFiles) {
                jars.add(new ZipFile(jar.toFile()));
            }
        } catch (IOException e) {
            close();
            throw e;
        }
        resolver = ClassHierarchyResolver.ofResourceParsing(this::open).orElse(ClassHierarchyResolver.defaultResolver()).cached();
    }

    ClassHierarchyResolver resolver() {
        return resolver;
    }

    /** The class file of a class in one of the jars (read whole: the jar may be replaced afterwards), or null. */
    private InputStream open(ClassDesc type) {
        String descriptor = type.descriptorString();
        String name = descriptor.substring(1, descriptor.length() - 1) + ".class";
        for (ZipFile jar : jars) {
            ZipEntry entry = jar.getEntry(name);
            if (entry != null) {
                try (InputStream in = jar.getInputStream(entry)) {
                    return new ByteArrayInputStream(in.readAllBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (ZipFile jar : jars) {
            try {
                jar.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
