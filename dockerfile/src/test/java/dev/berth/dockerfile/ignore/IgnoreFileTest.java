package dev.berth.dockerfile.ignore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** buildkit's dockerignore.ReadAll behaviour (and moby/patternmatcher's ignorefile test). */
class IgnoreFileTest {
    @Test
    void readsPatternsAsDocker() {
        String content = "test1\n/test2\n/a/file/here\n\nlastfile\n# this is a comment\n! /inverted/abs/path\n!\n! ";
        assertEquals(List.of("test1", "test2", "a/file/here", "lastfile", "!inverted/abs/path", "!", "!"),
                IgnoreFile.read(content));
    }

    @Test
    void commentsOnlyInColumnOneAndPathsCleaned() {
        assertEquals(List.of("# not a comment", "a/c", "/", "*.go"),
                IgnoreFile.read("\uFEFF  # not a comment\r\n./a/b/../c/\n/\n#x\n  *.go  \n"));
    }

    @Test
    void emptyContentHasNoPatterns() {
        assertEquals(List.of(), IgnoreFile.read(""));
    }

    @Test
    void goCleanAndDir() {
        assertEquals(".", GoPath.clean(""));
        assertEquals("/", GoPath.clean("//"));
        assertEquals("../a", GoPath.clean("../a"));
        assertEquals("/a", GoPath.clean("/../a"));
        assertEquals("a", GoPath.clean("a/b/.."));
        assertEquals(".", GoPath.dir("a"));
        assertEquals("a/b", GoPath.dir("a/b/c"));
        assertEquals("/", GoPath.dir("/a"));
    }
}
