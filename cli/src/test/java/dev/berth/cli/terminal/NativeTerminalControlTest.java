package dev.berth.cli.terminal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The FFM bindings on a real pseudo-terminal opened for the test (posix_openpt): isatty, raw
 * mode set and undone, and TIOCGWINSZ reading the size the master side set.
 */
class NativeTerminalControlTest {
    private static final int O_RDWR = 2;
    private static final int O_NOCTTY = 0400;
    private static final long TIOCSWINSZ = 0x5414;
    private static final int ICANON = 0x2;
    private static final int ECHO = 0x8;
    private static final int ISIG = 0x1;

    private final Linker linker = Linker.nativeLinker();
    private final SymbolLookup libc = linker.defaultLookup();
    private int master = -1;
    private int slave = -1;
    private NativeTerminalControl control;

    private MethodHandle function(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return linker.downcallHandle(libc.find(name).orElseThrow(), descriptor, options);
    }

    @BeforeEach
    void openPty() throws Throwable {
        control = NativeTerminalControl.load();
        assertNotNull(control, "native access is enabled for tests (surefire's argLine): the FFM implementation must load");
        master = (int) function("posix_openpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT)).invokeExact(O_RDWR | O_NOCTTY);
        assertTrue(master >= 0);
        assertEquals(0, (int) function("grantpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT)).invokeExact(master));
        assertEquals(0, (int) function("unlockpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT)).invokeExact(master));
        MemorySegment name = (MemorySegment) function("ptsname", FunctionDescriptor.of(ADDRESS, JAVA_INT)).invokeExact(master);
        String path = name.reinterpret(256).getString(0);
        try (Arena arena = Arena.ofConfined()) {
            slave = (int) function("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.firstVariadicArg(2))
                    .invokeExact(arena.allocateFrom(path), O_RDWR | O_NOCTTY);
        }
        assertTrue(slave >= 0, path);
    }

    @AfterEach
    void closePty() throws Throwable {
        MethodHandle close = function("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        for (int fd : new int[] {slave, master}) {
            if (fd >= 0) {
                int ignored = (int) close.invokeExact(fd);
            }
        }
    }

    private int localFlags() throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment termios = arena.allocate(64, 8);
            assertEquals(0, (int) function("tcgetattr", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS)).invokeExact(slave, termios));
            return termios.get(JAVA_INT, 12);
        }
    }

    @Test
    void aPseudoTerminalIsATerminalAndAPipeIsNot() throws Throwable {
        assertTrue(control.isTerminal(slave));
        int[] pipe = new int[2];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(8, 4);
            assertEquals(0, (int) function("pipe", FunctionDescriptor.of(JAVA_INT, ADDRESS)).invokeExact(fds));
            pipe[0] = fds.get(JAVA_INT, 0);
            pipe[1] = fds.get(JAVA_INT, 4);
        }
        assertFalse(control.isTerminal(pipe[0]));
        assertNull(control.windowSize(pipe[0]));
        assertThrows(IOException.class, () -> control.makeRaw(pipe[0]));
        MethodHandle close = function("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        int ignored = (int) close.invokeExact(pipe[0]);
        ignored = (int) close.invokeExact(pipe[1]);
    }

    @Test
    void rawModeClearsCanonicalEchoAndSignalsAndIsUndone() throws Throwable {
        int before = localFlags();
        assertTrue((before & (ICANON | ECHO | ISIG)) != 0);
        Runnable restore = control.makeRaw(slave);
        assertEquals(0, localFlags() & (ICANON | ECHO | ISIG));
        restore.run();
        assertEquals(before, localFlags());
    }

    @Test
    void theWindowSizeIsRead() throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment winsize = arena.allocate(8, 8);
            winsize.set(JAVA_SHORT, 0, (short) 33);
            winsize.set(JAVA_SHORT, 2, (short) 99);
            MethodHandle ioctl = function("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), Linker.Option.firstVariadicArg(2));
            assertEquals(0, (int) ioctl.invokeExact(master, TIOCSWINSZ, winsize));
        }
        assertEquals(new Terminal.Size(33, 99), control.windowSize(slave));
    }
}
