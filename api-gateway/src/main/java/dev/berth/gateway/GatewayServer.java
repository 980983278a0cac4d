package dev.berth.gateway;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Micronaut application serving the Docker Engine API on one unix socket and nothing else.
 * The domain services are handed in as singletons, so main and the tests build the same server.
 */
public final class GatewayServer implements AutoCloseable {
    private final ApplicationContext context;
    private final EmbeddedServer server;
    private final Path socket;

    private GatewayServer(ApplicationContext context, EmbeddedServer server, Path socket) {
        this.context = context;
        this.server = server;
        this.socket = socket;
    }

    /** Starts serving on {@code socket} (a stale socket file is replaced); chmod 0660 once listening. */
    public static GatewayServer start(Path socket, Object... singletons) throws IOException {
        return start(socket, context -> { }, singletons);
    }

    /**
     * As {@link #start(Path, Object...)}, running {@code beforeListening} on the started context
     * before the socket is bound: a client that can connect finds the gateway ready.
     */
    public static GatewayServer start(Path socket, Consumer<ApplicationContext> beforeListening, Object... singletons)
            throws IOException {
        Files.createDirectories(socket.toAbsolutePath().getParent());
        Files.deleteIfExists(socket);
        ApplicationContext context = ApplicationContext.builder()
                .deduceEnvironment(false)
                .deduceCloudEnvironment(false)
                .banner(false)
                .properties(properties(socket))
                .singletons(singletons)
                .start();
        try {
            beforeListening.accept(context);
            EmbeddedServer server = context.getBean(EmbeddedServer.class);
            server.start();
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
            return new GatewayServer(context, server, socket);
        } catch (RuntimeException | IOException e) {
            context.close();
            throw e;
        }
    }

    /**
     * The most of a request body that is held in memory: JSON bodies (create, exec, update) are
     * small, and a bigger one gets 413 at once instead of growing the heap. Bodies that can be
     * big (an image to import, an archive for cp) are streamed to where they go, not held.
     */
    public static final long MAX_BUFFERED_BODY = 4L * 1024 * 1024;

    /** Listen only on the unix socket; no idle timeout (wait and attach requests last as long as containers). */
    static Map<String, Object> properties(Path socket) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("micronaut.server.netty.listeners.docker.family", "UNIX");
        properties.put("micronaut.server.netty.listeners.docker.path", socket.toAbsolutePath().toString());
        properties.put("micronaut.server.idle-timeout", "-1s");
        properties.put("micronaut.server.read-idle-timeout", "-1s");
        properties.put("micronaut.server.write-idle-timeout", "-1s");
        // image imports stream a root filesystem of any size through the body
        properties.put("micronaut.server.max-request-size", String.valueOf(Long.MAX_VALUE));
        properties.put("micronaut.server.max-request-buffer-size", String.valueOf(MAX_BUFFERED_BODY));
        properties.put("micronaut.server.date-header", "true");
        // epoll: Java's own unix socket channels know no half-closure
        properties.put("micronaut.server.netty.use-native-transport", "true");
        properties.put("micronaut.netty.event-loops.default.prefer-native-transport", "true");
        properties.put("micronaut.server.netty.parent.prefer-native-transport", "true");
        properties.put("micronaut.server.netty.worker.prefer-native-transport", "true");
        properties.put("micronaut.server.netty.child-options.allow-half-closure", "true");
        return properties;
    }

    public Path socket() {
        return socket;
    }

    public ApplicationContext context() {
        return context;
    }

    public boolean isRunning() {
        return server.isRunning();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } finally {
            context.close();
            try {
                Files.deleteIfExists(socket);
            } catch (IOException ignored) {
                // a stale socket is replaced at the next start
            }
        }
    }
}
