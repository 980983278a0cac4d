package dev.berth.cli.terminal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * isatty, tcgetattr/tcsetattr and ioctl(TIOCGWINSZ) through the Foreign Function API, with
 * Linux's struct termios layout (4 flag words, c_line, c_cc[32], the speeds: 60 bytes).
 * Raw mode clears the same flags as docker's term.MakeRaw.
 */
final class NativeTerminalControl implements TerminalControl {
    private static final int TERMIOS_SIZE = 64;
    private static final long IFLAG = 0;
    private static final long OFLAG = 4;
    private static final long CFLAG = 8;
    private static final long LFLAG = 12;
    private static final long CC = 17;
    private static final int VTIME = 5;
    private static final int VMIN = 6;
    private static final int IGNBRK = 0x1;
    private static final int BRKINT = 0x2;
    private static final int PARMRK = 0x8;
    private static final int ISTRIP = 0x20;
    private static final int INLCR = 0x40;
    private static final int IGNCR = 0x80;
    private static final int ICRNL = 0x100;
    private static final int IXON = 0x400;
    private static final int OPOST = 0x1;
    private static final int ISIG = 0x1;
    private static final int ICANON = 0x2;
    private static final int ECHO = 0x8;
    private static final int ECHONL = 0x40;
    private static final int IEXTEN = 0x8000;
    private static final int CSIZE = 0x30;
    private static final int CS8 = 0x30;
    private static final int PARENB = 0x100;
    private static final int TCSANOW = 0;
    private static final long TIOCGWINSZ = 0x5413;

    private final LazyDowncall isatty;
    private final LazyDowncall tcgetattr;
    private final LazyDowncall tcsetattr;
    private final LazyDowncall ioctl;

    /** Finds the four symbols (NoSuchElementException when libc lacks one); links none of them yet. */
    private NativeTerminalControl(Linker linker, SymbolLookup libc) {
        this.isatty = new LazyDowncall(linker, libc.find("isatty").orElseThrow(), FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        this.tcgetattr = new LazyDowncall(linker, libc.find("tcgetattr").orElseThrow(), FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        this.tcsetattr = new LazyDowncall(linker, libc.find("tcsetattr").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
        this.ioctl = new LazyDowncall(linker, libc.find("ioctl").orElseThrow(), FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
                Linker.Option.firstVariadicArg(2));
    }

    /** The native implementation, or null when native access is not enabled or libc lacks a symbol. */
    static NativeTerminalControl load() {
        if (!NativeTerminalControl.class.getModule().isNativeAccessEnabled()) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            return new NativeTerminalControl(linker, linker.defaultLookup());
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /**
     * A libc function linked on its first call: each link costs several milliseconds of a
     * command's start, and most commands ask only isatty, if anything.
     */
    private static final class LazyDowncall {
        private final Linker linker;
        private final MemorySegment symbol;
        private final FunctionDescriptor descriptor;
        private final Linker.Option[] options;
        private MethodHandle handle;

        LazyDowncall(Linker linker, MemorySegment symbol, FunctionDescriptor descriptor, Linker.Option... options) {
            this.linker = linker;
            this.symbol = symbol;
            this.descriptor = descriptor;
            this.options = options;
        }

        synchronized MethodHandle handle() {
            if (handle == null) {
                handle = linker.downcallHandle(symbol, descriptor, options);
            }
            return handle;
        }
    }

    @Override
    public boolean isTerminal(int fd) {
        try {
            return (int) isatty.handle().invokeExact(fd) == 1;
        } catch (Throwable e) {
            return false;
        }
    }

    @Override
    public Runnable makeRaw(int fd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment termios = arena.allocate(TERMIOS_SIZE, 8);
            if ((int) tcgetattr.handle().invokeExact(fd, termios) != 0) {
                throw new IOException("tcgetattr failed");
            }
            byte[] saved = termios.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            clear(termios, IFLAG, IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
            clear(termios, OFLAG, OPOST);
            clear(termios, LFLAG, ECHO | ECHONL | ICANON | ISIG | IEXTEN);
            clear(termios, CFLAG, CSIZE | PARENB);
            termios.set(JAVA_INT, CFLAG, termios.get(JAVA_INT, CFLAG) | CS8);
            termios.set(java.lang.foreign.ValueLayout.JAVA_BYTE, CC + VMIN, (byte) 1);
            termios.set(java.lang.foreign.ValueLayout.JAVA_BYTE, CC + VTIME, (byte) 0);
            if ((int) tcsetattr.handle().invokeExact(fd, TCSANOW, termios) != 0) {
                throw new IOException("tcsetattr failed");
            }
            return () -> restore(fd, saved);
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("cannot set the terminal to raw mode", e);
        }
    }

    private void restore(int fd, byte[] saved) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment termios = arena.allocate(TERMIOS_SIZE, 8);
            MemorySegment.copy(MemorySegment.ofArray(saved), 0, termios, 0, saved.length);
            int ignored = (int) tcsetattr.handle().invokeExact(fd, TCSANOW, termios);
        } catch (Throwable e) {
            // nothing better to do: the terminal stays raw
        }
    }

    private static void clear(MemorySegment termios, long offset, int bits) {
        termios.set(JAVA_INT, offset, termios.get(JAVA_INT, offset) & ~bits);
    }

    @Override
    public Terminal.Size windowSize(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment winsize = arena.allocate(8, 8);
            if ((int) ioctl.handle().invokeExact(fd, TIOCGWINSZ, winsize) != 0) {
                return null;
            }
            int rows = winsize.get(JAVA_SHORT, 0) & 0xffff;
            int columns = winsize.get(JAVA_SHORT, 2) & 0xffff;
            return rows == 0 && columns == 0 ? null : new Terminal.Size(rows, columns);
        } catch (Throwable e) {
            return null;
        }
    }
}
