package dev.berth.common.service;

import dev.berth.common.grpc.GrpcServer;
import dev.berth.common.memory.IdleHeapTrimmer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one or more hosted services in this process until SIGTERM/SIGINT: opens them side by side,
 * serves each on its own socket, writes the process's pid file, and on shutdown stops serving
 * before any service's resources (databases) are closed.
 */
public final class ServiceLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceLauncher.class);
    /** How often a quiet service looks whether it can give heap back. */
    public static final Duration IDLE_CHECK = Duration.ofSeconds(10);

    private ServiceLauncher() {}

    /**
     * Serves {@code services} and blocks. {@code process} names the pid file
     * ({@code <state>/<process>.pid}); {@code rootOf} gives each service its options (its root).
     */
    public static void serve(String process, List<HostedService> services, Function<HostedService, ServiceOptions> rootOf)
            throws Exception {
        long started = System.nanoTime();
        List<HostedService.Opened> opened = openAll(services, rootOf);
        List<GrpcServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < services.size(); i++) {
                Path socket = rootOf.apply(services.get(i)).socket(services.get(i).name());
                servers.add(GrpcServer.start(socket, opened.get(i).services()));
                LOG.info("{} serving on {}", services.get(i).name(), socket);
            }
        } catch (Exception e) {
            servers.forEach(GrpcServer::close);
            opened.forEach(ServiceLauncher::closeResources);
            throw e;
        }
        ServiceOptions first = rootOf.apply(services.getFirst());
        Path pidFile = first.state().resolve(process + ".pid");
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
        LOG.info("{} ready: {} ms to open and serve, {} ms after the JVM started", process,
                (System.nanoTime() - started) / 1_000_000, ManagementFactory.getRuntimeMXBean().getUptime());
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            servers.forEach(GrpcServer::close);
            opened.reversed().forEach(ServiceLauncher::closeResources);
            try {
                Files.deleteIfExists(pidFile);
            } catch (Exception ignored) {
                // a stale pid file is replaced at the next start
            }
        }));
        IdleHeapTrimmer.start(IDLE_CHECK);
        for (GrpcServer server : servers) {
            server.awaitTermination();
        }
    }

    /** Serves one service whose options name its own root. */
    public static void serve(HostedService service, ServiceOptions options) throws Exception {
        Files.createDirectories(options.state());
        serve(service.name(), List.of(service), s -> options);
    }

    /** Opens the services side by side (each has its own store); if one fails, the others are closed. */
    private static List<HostedService.Opened> openAll(List<HostedService> services,
            Function<HostedService, ServiceOptions> rootOf) throws Exception {
        List<FutureTask<HostedService.Opened>> tasks = new ArrayList<>();
        for (HostedService service : services) {
            FutureTask<HostedService.Opened> task = new FutureTask<>(() -> service.open(rootOf.apply(service)));
            tasks.add(task);
            if (services.size() == 1) {
                task.run();
            } else {
                Thread.ofPlatform().name("open-" + service.name()).start(task);
            }
        }
        List<HostedService.Opened> opened = new ArrayList<>();
        Exception failure = null;
        for (Future<HostedService.Opened> task : tasks) {
            try {
                opened.add(task.get());
            } catch (ExecutionException e) {
                Exception cause = e.getCause() instanceof Exception ex ? ex : e;
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            opened.forEach(ServiceLauncher::closeResources);
            throw failure;
        }
        return opened;
    }

    private static void closeResources(HostedService.Opened opened) {
        for (AutoCloseable resource : opened.resources()) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", resource, e.toString());
            }
        }
    }
}
