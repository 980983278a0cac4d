package dev.berth.cli.terminal;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The process's terminal. Raw mode is undone when closed and, should the JVM exit first
 * (a signal, System.exit), by a shutdown hook: the user's shell never stays raw.
 */
final class SystemTerminal implements Terminal {
    private static final int STDIN = 0;
    private static final int STDOUT = 1;

    private final Supplier<TerminalControl> controlFactory;
    private TerminalControl control;
    private final List<Runnable> resizeListeners = new CopyOnWriteArrayList<>();
    private Boolean stdinTerminal;
    private Boolean stdoutTerminal;
    private SignalHandler previousWinch;

    private SystemTerminal(Supplier<TerminalControl> controlFactory) {
        this.controlFactory = controlFactory;
    }

    static SystemTerminal create() {
        return new SystemTerminal(() -> {
            TerminalControl control = NativeTerminalControl.load();
            return control != null ? control : new SttyTerminalControl();
        });
    }

    /** Made on first use: linking the native calls costs milliseconds that a command without a TTY never needs. */
    private synchronized TerminalControl control() {
        if (control == null) {
            control = controlFactory.get();
        }
        return control;
    }

    @Override
    public synchronized boolean stdinIsTerminal() {
        if (stdinTerminal == null) {
            stdinTerminal = control().isTerminal(STDIN);
        }
        return stdinTerminal;
    }

    @Override
    public synchronized boolean stdoutIsTerminal() {
        if (stdoutTerminal == null) {
            stdoutTerminal = control().isTerminal(STDOUT);
        }
        return stdoutTerminal;
    }

    @Override
    public RawMode makeRaw() {
        if (!stdinIsTerminal()) {
            return () -> { };
        }
        Runnable restore;
        try {
            restore = control().makeRaw(STDIN);
        } catch (IOException e) {
            return () -> { };
        }
        AtomicBoolean restored = new AtomicBoolean();
        Runnable once = () -> {
            if (restored.compareAndSet(false, true)) {
                restore.run();
            }
        };
        Thread hook = new Thread(once, "terminal-restore");
        Runtime.getRuntime().addShutdownHook(hook);
        return () -> {
            once.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway, and finds the terminal restored
            }
        };
    }

    @Override
    public Size size() {
        Size size = stdoutIsTerminal() ? control().windowSize(STDOUT) : null;
        return size != null ? size : control().windowSize(STDIN);
    }

    @Override
    public synchronized Subscription onResize(Runnable listener) {
        if (resizeListeners.isEmpty()) {
            try {
                previousWinch = Signal.handle(new Signal("WINCH"), signal -> resizeListeners.forEach(Runnable::run));
            } catch (IllegalArgumentException unsupported) {
                return () -> { };
            }
        }
        resizeListeners.add(listener);
        return () -> unsubscribe(listener);
    }

    private synchronized void unsubscribe(Runnable listener) {
        if (resizeListeners.remove(listener) && resizeListeners.isEmpty() && previousWinch != null) {
            Signal.handle(new Signal("WINCH"), previousWinch);
            previousWinch = null;
        }
    }
}
