package dev.berth.shim;

import dev.berth.shim.host.ShimHost;
import dev.berth.shim.posix.Procs;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/**
 * {@code berth-shim}: a shim host serving berth.runtime.v1.Task for the containers of its group.
 * It leaves the caller's session (the gateway can die or restart without taking it along) and
 * becomes a subreaper, so the containers' processes become its children once runc exits.
 */
public final class ShimMain {
    private ShimMain() {}

    public static void main(String[] argv) {
        // Netty would load ~100 JDK Flight Recorder classes to emit events nobody records here
        System.setProperty("io.grpc.netty.shaded.io.netty.jfr.enabled", "false");
        HostArguments args;
        try {
            args = HostArguments.parse(List.of(argv));
        } catch (IllegalArgumentException e) {
            System.err.println("berth-shim: " + e.getMessage());
            System.err.println(HostArguments.USAGE);
            System.exit(2);
            return;
        }
        try {
            Procs.setsid(); // fails (EPERM) only for a process group leader, which keeps its own session
            Procs.becomeSubreaper();
            ShimHost host = new ShimHost(args);
            host.start();
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(host::shutdown));
        } catch (Throwable e) {
            LoggerFactory.getLogger(ShimMain.class).error("berth-shim host {} failed to start", args.group(), e);
            System.exit(1);
        }
        try {
            new CountDownLatch(1).await(); // the host runs until SIGTERM or, with --exit-when-idle, until it is idle
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
