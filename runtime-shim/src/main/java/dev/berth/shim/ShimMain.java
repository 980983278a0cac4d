package dev.berth.shim;

import dev.berth.common.grpc.GrpcServer;
import dev.berth.common.posix.Posix;
import dev.berth.common.posix.PosixException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code berth-shim}: one process per container, serving berth.runtime.v1.Shim on its own socket.
 * It leaves the gateway's session (so the gateway can die or restart without taking it along),
 * becomes a subreaper for the container's processes, and exits by itself after Delete.
 */
public final class ShimMain {
    private static final Logger LOG = LoggerFactory.getLogger(ShimMain.class);
    static final String PID_FILE = "shim.pid";

    private ShimMain() {}

    public static void main(String[] argv) {
        ShimArguments args;
        try {
            args = ShimArguments.parse(List.of(argv));
        } catch (IllegalArgumentException e) {
            System.err.println("berth-shim: " + e.getMessage());
            System.err.println(ShimArguments.USAGE);
            System.exit(2);
            return;
        }
        try {
            run(args);
        } catch (Throwable e) {
            LOG.error("berth-shim for {} failed", args.id(), e);
            System.exit(1);
        }
    }

    private static void run(ShimArguments args) throws Exception {
        try {
            Posix.setsid();
        } catch (PosixException e) {
            // EPERM: already a process group leader, e.g. started by setsid(1); it has its own session then
            LOG.info("setsid: {}", e.getMessage());
        }
        Posix.becomeSubreaper();
        Files.createDirectories(args.work());
        Path pidFile = args.work().resolve(PID_FILE);
        StateStore.writeAtomically(pidFile, ProcessHandle.current().pid() + "\n");

        ChildReaper reaper = new ChildReaper();
        reaper.start();
        Runc runc = new Runc(args.runc(), args.runcRoot(), args.work().resolve("runc.log"), reaper);
        Container container = new Container(args.id(), new StateStore(args.work()), runc, reaper);
        container.restore();

        ShimService service = new ShimService(container, () ->
                // exit after the Delete answer is on its way; closing the server lets it finish
                Thread.ofPlatform().name("shim-exit").start(() -> System.exit(0)));
        GrpcServer server = GrpcServer.start(args.socket(), List.of(service));
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            // SIGTERM or Delete: stop serving, remove the socket; the container is not touched
            server.close();
            try {
                Files.deleteIfExists(pidFile);
            } catch (Exception ignored) {
                // a stale pid file names a dead process, which the gateway checks
            }
        }));
        LOG.info("berth-shim for {} serving on {}", args.id(), args.socket());
        server.awaitTermination();
    }
}
