package dev.berth.shim.io;

import dev.berth.shim.host.EventLoop;
import dev.berth.shim.posix.Epoll;
import dev.berth.shim.posix.Fds;
import dev.berth.shim.posix.UnixSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * runc's console socket: a unix socket the host listens on, to which runc connects and sends
 * the pty master of a process started with a terminal (SCM_RIGHTS). Loop thread only, except
 * {@link #listen}.
 */
public final class ConsoleReceiver {
    private final EventLoop loop;
    private final Path path;
    private final int listener;
    private final CompletableFuture<Integer> master = new CompletableFuture<>();
    private EventLoop.Registration listenRegistration;
    private int connection = -1;
    private EventLoop.Registration connectionRegistration;
    private boolean closed;

    private ConsoleReceiver(EventLoop loop, Path path, int listener) {
        this.loop = loop;
        this.path = path;
        this.listener = listener;
    }

    /** Binds the socket at {@code path} (replacing a stale one); any thread. */
    public static ConsoleReceiver listen(EventLoop loop, Path path) throws IOException {
        Files.deleteIfExists(path);
        return new ConsoleReceiver(loop, path, UnixSocket.listen(path));
    }

    public Path path() {
        return path;
    }

    /** Completes with the master's descriptor (nonblocking, owned by the caller). */
    public CompletableFuture<Integer> master() {
        return master;
    }

    public void start() {
        listenRegistration = loop.register(listener, Epoll.EPOLLIN, events -> poll());
    }

    /** Accepts and receives whatever is already there; runc sent the master before it exited. */
    public void poll() {
        if (master.isDone() || closed) {
            return;
        }
        if (connection < 0) {
            connection = UnixSocket.accept(listener);
            if (connection < 0) {
                return;
            }
            connectionRegistration = loop.register(connection, Epoll.EPOLLIN, events -> poll());
        }
        int fd = UnixSocket.receiveFd(connection);
        if (fd >= 0) {
            Fds.setNonBlocking(fd);
            master.complete(fd);
            close();
        } else if (fd == -2) {
            close();
            master.completeExceptionally(new IOException("runc closed the console socket without sending a terminal"));
        }
    }

    /** Stops listening and removes the socket; the master, once received, is the caller's. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (connectionRegistration != null) {
            connectionRegistration.cancel();
            connectionRegistration = null;
        }
        if (connection >= 0) {
            Fds.close(connection);
            connection = -1;
        }
        if (listenRegistration != null) {
            listenRegistration.cancel();
            listenRegistration = null;
        }
        Fds.close(listener);
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // replaced at the next start
        }
        master.completeExceptionally(new IOException("console socket closed"));
    }
}
