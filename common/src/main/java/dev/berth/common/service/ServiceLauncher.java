package dev.berth.common.service;

import dev.berth.common.grpc.GrpcServer;
import io.grpc.BindableService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a gRPC service until SIGTERM/SIGINT: serve on the socket, write a pid file, and on
 * shutdown stop serving before the service's resources (databases) are closed.
 */
public final class ServiceLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceLauncher.class);

    private ServiceLauncher() {}

    /** Serves {@code services} and blocks; {@code resources} are closed after the server stops. */
    public static void serve(String name, ServiceOptions options, List<BindableService> services, AutoCloseable... resources)
            throws Exception {
        Path socket = options.socket(name);
        GrpcServer server = GrpcServer.start(socket, services);
        Path pidFile = options.state().resolve(name + ".pid");
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
        LOG.info("{} serving on {}", name, socket);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            server.close();
            for (AutoCloseable resource : resources) {
                try {
                    resource.close();
                } catch (Exception e) {
                    LOG.warn("closing {} failed: {}", resource, e.toString());
                }
            }
            try {
                Files.deleteIfExists(pidFile);
            } catch (Exception ignored) {
                // a stale pid file is replaced at the next start
            }
        }));
        server.awaitTermination();
    }
}
