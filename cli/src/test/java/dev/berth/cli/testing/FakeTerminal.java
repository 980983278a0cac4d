package dev.berth.cli.testing;

import dev.berth.cli.terminal.Terminal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A terminal for tests: says what it is told, counts raw mode switches, resizes on demand. */
public final class FakeTerminal implements Terminal {
    private final boolean stdinTerminal;
    private final boolean stdoutTerminal;
    private volatile Size size;
    private final AtomicInteger rawEntered = new AtomicInteger();
    private final AtomicInteger rawRestored = new AtomicInteger();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public FakeTerminal(boolean stdinTerminal, boolean stdoutTerminal, Size size) {
        this.stdinTerminal = stdinTerminal;
        this.stdoutTerminal = stdoutTerminal;
        this.size = size;
    }

    /** No terminal at all: what a test run has. */
    public static FakeTerminal none() {
        return new FakeTerminal(false, false, null);
    }

    /** An interactive terminal of the given size. */
    public static FakeTerminal interactive(int rows, int columns) {
        return new FakeTerminal(true, true, new Size(rows, columns));
    }

    @Override
    public boolean stdinIsTerminal() {
        return stdinTerminal;
    }

    @Override
    public boolean stdoutIsTerminal() {
        return stdoutTerminal;
    }

    @Override
    public RawMode makeRaw() {
        if (!stdinTerminal) {
            return () -> { };
        }
        rawEntered.incrementAndGet();
        boolean[] closed = {false};
        return () -> {
            synchronized (closed) {
                if (!closed[0]) {
                    closed[0] = true;
                    rawRestored.incrementAndGet();
                }
            }
        };
    }

    @Override
    public Size size() {
        return size;
    }

    @Override
    public Subscription onResize(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The window changes size: as a SIGWINCH would, tell the listeners. */
    public void resize(int rows, int columns) {
        size = new Size(rows, columns);
        listeners.forEach(Runnable::run);
    }

    public int rawEntered() {
        return rawEntered.get();
    }

    public int rawRestored() {
        return rawRestored.get();
    }

    public int resizeListeners() {
        return listeners.size();
    }
}
