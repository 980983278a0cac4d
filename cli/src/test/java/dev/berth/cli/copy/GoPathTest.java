package dev.berth.cli.copy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The path rules docker cp relies on, as Go's filepath and docker's archive package have them. */
class GoPathTest {

    @Test
    void cleanIsGosClean() {
        assertEquals(".", GoPath.clean(""));
        assertEquals("/", GoPath.clean("/../.."));
        assertEquals("a/c", GoPath.clean("a/b/../c/."));
        assertEquals("../x", GoPath.clean("ok/../../x"));
        assertEquals("/a/b", GoPath.clean("//a//b/"));
    }

    @Test
    void baseAndDir() {
        assertEquals("b", GoPath.base("/a/b/"));
        assertEquals("/", GoPath.base("/"));
        assertEquals(".", GoPath.base("/a/."));
        assertEquals("/a", GoPath.dir("/a/b"));
        assertEquals("/a/b", GoPath.dir("/a/b/"));
        assertEquals(".", GoPath.dir("file"));
    }

    @Test
    void splitKeepsTheTrailingDot() {
        assertArrayEquals(new String[] {"/a", "b"}, GoPath.splitDirEntry("/a/b/"));
        assertArrayEquals(new String[] {"/a/b", "."}, GoPath.splitDirEntry("/a/b/."));
        assertArrayEquals(new String[] {"/", "."}, GoPath.splitDirEntry("/."));
    }

    @Test
    void absoluteKeepsWhatSaysDirectory() {
        assertEquals("/work/dir/", GoPath.absolute("dir/", "/work"));
        assertEquals("/work/dir/.", GoPath.absolute("dir/.", "/work"));
        assertEquals("/work/.", GoPath.absolute(".", "/work"));
        assertEquals("/etc/x", GoPath.absolute("/etc//x", "/work"));
        assertEquals(true, GoPath.assertsDirectory("/x/"));
        assertEquals(true, GoPath.assertsDirectory("/x/."));
        assertEquals(false, GoPath.assertsDirectory("/x"));
    }
}
