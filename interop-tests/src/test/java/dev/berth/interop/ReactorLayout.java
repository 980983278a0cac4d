package dev.berth.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where the checkout's build output is, found from this module rather than from a fixed path:
 * the {@code berth.reactor.root} property surefire sets from the module's basedir, else the
 * working directory and its parents, whichever holds the root pom listing {@code content-store}.
 */
final class ReactorLayout {
    private final Path root;

    private ReactorLayout(Path root) {
        this.root = root;
    }

    static ReactorLayout find() {
        String configured = System.getProperty("berth.reactor.root");
        if (configured != null && isReactorRoot(Path.of(configured))) {
            return new ReactorLayout(Path.of(configured).toAbsolutePath().normalize());
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (isReactorRoot(dir)) {
                return new ReactorLayout(dir);
            }
        }
        throw new IllegalStateException("cannot find Berth's reactor root from " + Path.of("").toAbsolutePath());
    }

    private static boolean isReactorRoot(Path dir) {
        Path pom = dir.resolve("pom.xml");
        try {
            return Files.isRegularFile(pom) && Files.readString(pom).contains("<module>content-store</module>");
        } catch (IOException e) {
            return false;
        }
    }

    Path root() {
        return root;
    }

    /** proto/src/main/proto: the contracts, as another language's stubs are generated from them. */
    Path protoSources() {
        return root.resolve("proto/src/main/proto");
    }

    /** interop-tests/src/test/python. */
    Path pythonSources() {
        return root.resolve("interop-tests/src/test/python");
    }

    /** The runnable jar a module packaged (its manifest puts target/lib on the class path). */
    Path serviceJar(String module) {
        Path target = root.resolve(module).resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith("berth-") && name.endsWith(".jar") && !name.endsWith("-tests.jar")
                        && !name.endsWith("-sources.jar");
            }).findFirst().orElseThrow(() -> new IllegalStateException(module + " is not packaged: no jar in " + target));
        } catch (IOException e) {
            throw new IllegalStateException(module + " is not built: " + target, e);
        }
    }
}
