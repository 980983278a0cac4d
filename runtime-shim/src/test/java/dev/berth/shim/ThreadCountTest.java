package dev.berth.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.runtime.v1.KillRequest;
import dev.berth.api.runtime.v1.StartRequest;
import dev.berth.api.runtime.v1.TaskGrpc;
import dev.berth.api.runtime.v1.WaitRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stopped container holds no thread and no descriptor, and a running one adds no thread: I/O
 * and exits go through one event loop.
 */
class ThreadCountTest {
    private static final int MARGIN = 3;

    @TempDir
    Path dir;
    private ShimRig rig;

    @AfterEach
    void cleanUp() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    /** The host's thread count once it settled (a virtual thread's carrier may linger for a moment). */
    private int settledThreads(HostProcess host) throws Exception {
        int min = Integer.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            min = Math.min(min, host.threads());
            Thread.sleep(100);
        }
        return min;
    }

    private static long openDescriptors(HostProcess host) throws Exception {
        try (var fds = java.nio.file.Files.list(Path.of("/proc", Long.toString(host.pid()), "fd"))) {
            return fds.count();
        }
    }

    @Test
    void containersAddNoThreads() throws Exception {
        rig = new ShimRig(dir, ShimRig.Mode.SHARED);
        TaskGrpc.TaskBlockingStub host = rig.stub("shared");
        HostProcess process = rig.currentHost("shared");
        // one container's whole life first, so the threads every host has (gRPC, the executor's carriers) exist
        BusyboxBundle warmUp = rig.container(List.of("true"));
        host.create(rig.createRequest(warmUp).build());
        host.start(StartRequest.newBuilder().setId(warmUp.id).build());
        host.wait(WaitRequest.newBuilder().setId(warmUp.id).build());
        int base = settledThreads(process);
        long baseFds = openDescriptors(process);

        for (int i = 0; i < 10; i++) {
            BusyboxBundle c = rig.container(List.of("true"));
            host.create(rig.createRequest(c).build());
            host.start(StartRequest.newBuilder().setId(c.id).build());
            assertEquals(0, host.wait(WaitRequest.newBuilder().setId(c.id).build()).getExitStatus());
        }
        int afterTenStopped = settledThreads(process);
        assertTrue(afterTenStopped <= base + MARGIN, "10 stopped containers: " + afterTenStopped + " threads, " + base + " before");
        assertEquals(baseFds, openDescriptors(process), "a stopped container holds no descriptor");

        List<BusyboxBundle> running = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            BusyboxBundle c = rig.container(List.of("sleep", "1000"));
            host.create(rig.createRequest(c).build());
            host.start(StartRequest.newBuilder().setId(c.id).build());
            running.add(c);
        }
        int withTenRunning = settledThreads(process);
        System.out.printf("host threads: %d with 1 exited container, %d with 11 exited, %d with 10 running more%n", base,
                afterTenStopped, withTenRunning);
        assertTrue(withTenRunning <= base + MARGIN, "10 running containers: " + withTenRunning + " threads, " + base + " before");
        for (BusyboxBundle c : running) {
            host.kill(KillRequest.newBuilder().setId(c.id).setSignal(9).build());
            assertEquals(137, host.wait(WaitRequest.newBuilder().setId(c.id).build()).getExitStatus());
        }
    }
}
