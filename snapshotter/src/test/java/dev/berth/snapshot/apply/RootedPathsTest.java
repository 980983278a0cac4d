package dev.berth.snapshot.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootedPathsTest {
    @TempDir
    Path dir;

    @Test
    void cleaningTreatsTheNameAsAbsolute() {
        assertEquals(List.of("outside.txt"), RootedPaths.clean("../../outside.txt"));
        assertEquals(List.of("abs.txt"), RootedPaths.clean("/abs.txt"));
        assertEquals(List.of("a", "c"), RootedPaths.clean("./a/b/../c/"));
        assertEquals(List.of(), RootedPaths.clean("./"));
    }

    @Test
    void symlinksResolveAsIfTheRootWereSlash() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root")).toRealPath();
        Files.createDirectories(root.resolve("usr/lib"));
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        Files.createSymbolicLink(root.resolve("abs"), Path.of("/usr"));
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../../.."));
        Files.createSymbolicLink(root.resolve("usr/lib/back"), Path.of("../../lib"));

        assertEquals(root.resolve("usr/lib/x"), RootedPaths.resolve(root, List.of("lib", "x")));
        assertEquals(root.resolve("usr/lib"), RootedPaths.resolve(root, List.of("abs", "lib")));
        assertEquals(root.resolve("etc"), RootedPaths.resolve(root, List.of("up", "etc")));
        assertEquals(root.resolve("usr/lib/y"), RootedPaths.resolve(root, List.of("lib", "back", "y")));
        assertEquals(root.resolve("missing/z"), RootedPaths.resolve(root, List.of("missing", "z")));
    }

    @Test
    void loopsEnd() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root")).toRealPath();
        Files.createSymbolicLink(root.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(root.resolve("b"), Path.of("/a"));
        assertThrows(StatusRuntimeException.class, () -> RootedPaths.resolve(root, List.of("a", "x")));
    }
}
