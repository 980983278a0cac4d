package dev.berth.common.service;

import dev.berth.common.grpc.GrpcServer;
import dev.berth.common.memory.IdleHeapTrimmer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one or more hosted services in this process until SIGTERM/SIGINT: opens them side by side,
 * each serving on its own socket as soon as it is open (a service may wait in its open for
 * another's socket, as the gateway waits for its peers), writes the process's pid file, and on
 * shutdown stops serving before any service's resources (databases) are closed.
 */
public final class ServiceLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceLauncher.class);
    /** How often a quiet service looks whether it can give heap back. */
    public static final Duration IDLE_CHECK = Duration.ofSeconds(10);

    private ServiceLauncher() {}

    /** A service that is open, and its gRPC server when it has gRPC services. */
    private record Running(HostedService.Opened opened, GrpcServer server) {
        void stopServing() {
            if (server != null) {
                server.close();
            }
        }

        void closeResources() {
            for (AutoCloseable resource : opened.resources()) {
                try {
                    resource.close();
                } catch (Exception e) {
                    LOG.warn("closing {} failed: {}", resource, e.toString());
                }
            }
        }
    }

    /** Serves one service whose options name its own root; {@code process} names the pid file. */
    public static void serve(String process, HostedService service, ServiceOptions options) throws Exception {
        serve(process, List.of(service), s -> options);
    }

    /**
     * Serves {@code services} and blocks. {@code process} names the pid file
     * ({@code <state>/<process>.pid}); {@code optionsOf} gives each service its options (its root).
     */
    public static void serve(String process, List<HostedService> services, Function<HostedService, ServiceOptions> optionsOf)
            throws Exception {
        long started = System.nanoTime();
        Path state = Files.createDirectories(optionsOf.apply(services.getFirst()).state());
        List<Running> running = startAll(services, optionsOf);
        Path pidFile = state.resolve(process + ".pid");
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
        LOG.info("{} ready: {} ms to open and serve, {} ms after the JVM started", process,
                (System.nanoTime() - started) / 1_000_000, ManagementFactory.getRuntimeMXBean().getUptime());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            try {
                stopAll(running);
                Files.deleteIfExists(pidFile);
            } catch (Exception ignored) {
                // a stale pid file is replaced at the next start
            } finally {
                stopped.countDown();
            }
        }));
        IdleHeapTrimmer.start(IDLE_CHECK);
        stopped.await();
    }

    /** Opens and serves each service on a thread of its own; if one fails, the others are stopped and closed. */
    private static List<Running> startAll(List<HostedService> services, Function<HostedService, ServiceOptions> optionsOf)
            throws Exception {
        List<FutureTask<Running>> tasks = new ArrayList<>();
        for (HostedService service : services) {
            FutureTask<Running> task = new FutureTask<>(() -> start(service, optionsOf.apply(service)));
            tasks.add(task);
            if (services.size() == 1) {
                task.run();
            } else {
                Thread.ofPlatform().name("open-" + service.name()).start(task);
            }
        }
        List<Running> running = new ArrayList<>();
        Exception failure = null;
        for (FutureTask<Running> task : tasks) {
            try {
                running.add(task.get());
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
            stopAll(running);
            throw failure;
        }
        return running;
    }

    /** Every service stops serving before any closes its resources; the last opened (which may use the others) first. */
    private static void stopAll(List<Running> running) {
        running.reversed().forEach(Running::stopServing);
        running.reversed().forEach(Running::closeResources);
    }

    private static Running start(HostedService service, ServiceOptions options) throws Exception {
        HostedService.Opened opened = service.open(options);
        if (opened.services().isEmpty()) {
            return new Running(opened, null); // it serves by itself (the gateway's HTTP socket)
        }
        try {
            Path socket = options.socket(service.name());
            GrpcServer server = GrpcServer.start(socket, opened.services());
            LOG.info("{} serving on {}", service.name(), socket);
            return new Running(opened, server);
        } catch (Exception e) {
            new Running(opened, null).closeResources();
            throw e;
        }
    }
}
