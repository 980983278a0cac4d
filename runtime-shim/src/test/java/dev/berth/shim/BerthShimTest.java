package dev.berth.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.runtime.v1.CreateRequest;
import dev.berth.api.runtime.v1.DeleteRequest;
import dev.berth.api.runtime.v1.DeleteResponse;
import dev.berth.api.runtime.v1.KillRequest;
import dev.berth.api.runtime.v1.ShimGrpc;
import dev.berth.api.runtime.v1.StartRequest;
import dev.berth.api.runtime.v1.StateRequest;
import dev.berth.api.runtime.v1.StateResponse;
import dev.berth.api.runtime.v1.Status;
import dev.berth.api.runtime.v1.WaitRequest;
import dev.berth.api.runtime.v1.WaitResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real berth-shim process running real busybox containers with runc. */
class BerthShimTest {
    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?Z";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;
    private ShimProcess shim;

    @AfterEach
    void cleanUp() throws Exception {
        if (shim != null) {
            shim.close();
        }
    }

    /** runc removes a container's own cgroups but not the parent /berth-test the bundles name. */
    @AfterAll
    static void removeTestCgroupParents() throws Exception {
        try (var hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path hierarchy : hierarchies.toList()) {
                try {
                    Files.deleteIfExists(hierarchy.resolve("berth-test"));
                } catch (Exception stillInUse) {
                    // another test run's containers are in it
                }
            }
        }
    }

    private ShimProcess launch(List<String> args) throws Exception {
        String id = "shimtest-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet()
                + "-" + UUID.randomUUID().toString().substring(0, 6);
        shim = ShimProcess.launch(dir, BusyboxBundle.create(dir, id, args));
        return shim;
    }

    private CreateRequest.Builder createRequest() {
        return CreateRequest.newBuilder().setId(shim.bundle.id).setBundle(shim.bundle.bundle.toString())
                .addRootfs(shim.bundle.rootfsMount()).setLogPath(dir.resolve("container-json.log").toString());
    }

    private static Code codeOf(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run).getStatus().getCode();
    }

    @Test
    void outputOfARunStartedAfterAttachReachesTheClientAndTheJsonLog() throws Exception {
        launch(List.of("echo", "hello"));
        ManagedChannel channel = shim.newChannel();
        ShimGrpc.ShimBlockingStub stub = shim.blocking(channel);
        stub.create(createRequest().build());
        assertTrue(ShimProcess.isMounted(shim.bundle.rootfs()), "rootfs is mounted at Create");
        assertEquals(Status.CREATED, stub.state(StateRequest.getDefaultInstance()).getStatus());

        AttachClient client = AttachClient.attach(channel, false, true, true).awaitAttached();
        int pid = stub.start(StartRequest.getDefaultInstance()).getPid();
        assertTrue(pid > 0);
        assertTrue(client.awaitDone(30), "attach ends when the process exited");
        assertEquals("hello\n", client.stdout());
        assertEquals("", client.stderr());

        WaitResponse exit = stub.wait(WaitRequest.getDefaultInstance());
        assertEquals(0, exit.getExitStatus());
        List<String> lines = Files.readAllLines(dir.resolve("container-json.log"));
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.getFirst().matches("\\{\"log\":\"hello\\\\n\",\"stream\":\"stdout\",\"time\":\"" + TIME + "\"}"),
                lines.getFirst());
        JsonNode exitFile = json.readTree(shim.work.resolve("exit.json").toFile());
        assertEquals(0, exitFile.get("exit_status").asInt());
        assertTrue(exitFile.get("exited_at").asText().matches(TIME));
    }

    @Test
    void stderrAndTheExitStatusAreReportedAndRecorded() throws Exception {
        launch(List.of("sh", "-c", "echo err >&2; exit 7"));
        ManagedChannel channel = shim.newChannel();
        ShimGrpc.ShimBlockingStub stub = shim.blocking(channel);
        stub.create(createRequest().build());
        AttachClient client = AttachClient.attach(channel, false, true, true).awaitAttached();
        stub.start(StartRequest.getDefaultInstance());

        assertEquals(7, stub.wait(WaitRequest.getDefaultInstance()).getExitStatus());
        assertTrue(client.awaitDone(30));
        assertEquals("err\n", client.stderr());
        assertEquals("", client.stdout());
        StateResponse state = stub.state(StateRequest.getDefaultInstance());
        assertEquals(Status.STOPPED, state.getStatus());
        assertEquals(7, state.getExitStatus());
        assertTrue(state.getExitedAt().getSeconds() > 0);
        assertEquals(7, json.readTree(shim.work.resolve("exit.json").toFile()).get("exit_status").asInt());
        String log = Files.readString(dir.resolve("container-json.log"));
        assertTrue(log.startsWith("{\"log\":\"err\\n\",\"stream\":\"stderr\",\"time\":\""), log);
        // Wait on a stopped container answers at once with the last exit
        assertEquals(7, stub.withDeadlineAfter(5, TimeUnit.SECONDS).wait(WaitRequest.getDefaultInstance()).getExitStatus());
    }

    @Test
    void stdinReachesTheContainerAndClosingItEndsTheProcess() throws Exception {
        launch(List.of("cat"));
        ManagedChannel channel = shim.newChannel();
        ShimGrpc.ShimBlockingStub stub = shim.blocking(channel);
        stub.create(createRequest().setOpenStdin(true).setStdinOnce(true).build());
        AttachClient client = AttachClient.attach(channel, true, true, true).awaitAttached();
        stub.start(StartRequest.getDefaultInstance());
        client.send("hi\n");
        client.closeStdin();

        assertTrue(client.awaitDone(30), "cat exits on end of input");
        assertEquals("hi\n", client.stdout());
        assertEquals(0, stub.wait(WaitRequest.getDefaultInstance()).getExitStatus());
    }

    @Test
    void stdinSentBeforeStartAndAHalfCloseReachTheContainer() throws Exception {
        launch(List.of("cat"));
        ManagedChannel channel = shim.newChannel();
        ShimGrpc.ShimBlockingStub stub = shim.blocking(channel);
        stub.create(createRequest().setOpenStdin(true).setStdinOnce(true).build());
        AttachClient client = AttachClient.attach(channel, true, true, false).awaitAttached();
        client.send("early\n");
        client.halfClose();
        stub.start(StartRequest.getDefaultInstance());

        assertTrue(client.awaitDone(30));
        assertEquals("early\n", client.stdout());
        assertEquals(0, stub.wait(WaitRequest.getDefaultInstance()).getExitStatus());
    }

    @Test
    void killEndsTheProcessWith128PlusTheSignal() throws Exception {
        launch(List.of("sleep", "100"));
        ShimGrpc.ShimBlockingStub stub = shim.blocking(shim.newChannel());
        stub.create(createRequest().build());
        assertEquals(Code.FAILED_PRECONDITION, codeOf(() -> stub.kill(KillRequest.newBuilder().setSignal(9).build())));
        stub.start(StartRequest.getDefaultInstance());
        assertEquals(Status.RUNNING, stub.state(StateRequest.getDefaultInstance()).getStatus());
        assertEquals(Code.FAILED_PRECONDITION, codeOf(() -> stub.start(StartRequest.getDefaultInstance())), "already running");
        assertEquals(Code.FAILED_PRECONDITION, codeOf(() -> stub.delete(DeleteRequest.getDefaultInstance())), "delete while running");
        assertEquals(Code.INVALID_ARGUMENT, codeOf(() -> stub.kill(KillRequest.newBuilder().setSignal(0).build())));

        stub.kill(KillRequest.newBuilder().setSignal(9).build());
        assertEquals(137, stub.wait(WaitRequest.getDefaultInstance()).getExitStatus());
        StatusRuntimeException notRunning = assertThrows(StatusRuntimeException.class,
                () -> stub.kill(KillRequest.newBuilder().setSignal(9).build()));
        assertEquals(Code.FAILED_PRECONDITION, notRunning.getStatus().getCode());
        assertEquals("container " + shim.bundle.id + " is not running", notRunning.getStatus().getDescription());
    }

    @Test
    void aMissingExecutableFailsStartWithRuncsMessageAndStatus127() throws Exception {
        launch(List.of("nope"));
        ManagedChannel channel = shim.newChannel();
        ShimGrpc.ShimBlockingStub stub = shim.blocking(channel);
        stub.create(createRequest().build());
        AttachClient client = AttachClient.attach(channel, false, true, true).awaitAttached();

        StatusRuntimeException failed = assertThrows(StatusRuntimeException.class, () -> stub.start(StartRequest.getDefaultInstance()));
        assertEquals(Code.FAILED_PRECONDITION, failed.getStatus().getCode());
        assertTrue(failed.getStatus().getDescription().contains("exec: \"nope\": executable file not found"),
                failed.getStatus().getDescription());
        assertEquals(127, stub.wait(WaitRequest.getDefaultInstance()).getExitStatus());
        assertEquals(127, json.readTree(shim.work.resolve("exit.json").toFile()).get("exit_status").asInt());
        assertTrue(client.awaitDone(10));
        assertEquals("", client.stderr(), "runc's error is Start's error, not container output");
        assertEquals("", Files.readString(dir.resolve("container-json.log")));
    }

    @Test
    void aStoppedContainerStartsAgain() throws Exception {
        launch(List.of("sh", "-c", "echo run"));
        ManagedChannel channel = shim.newChannel();
        ShimGrpc.ShimBlockingStub stub = shim.blocking(channel);
        stub.create(createRequest().build());
        stub.start(StartRequest.getDefaultInstance());
        assertEquals(0, stub.wait(WaitRequest.getDefaultInstance()).getExitStatus());

        AttachClient second = AttachClient.attach(channel, false, true, true).awaitAttached();
        stub.start(StartRequest.getDefaultInstance());
        assertTrue(second.awaitDone(30));
        assertEquals("run\n", second.stdout());
        assertEquals(0, stub.wait(WaitRequest.getDefaultInstance()).getExitStatus());
        assertEquals(2, Files.readAllLines(dir.resolve("container-json.log")).size());
    }

    @Test
    void deleteUnmountsTheRootfsAndTheShimExits() throws Exception {
        launch(List.of("true"));
        ShimGrpc.ShimBlockingStub stub = shim.blocking(shim.newChannel());
        stub.create(createRequest().build());
        stub.start(StartRequest.getDefaultInstance());
        assertEquals(0, stub.wait(WaitRequest.getDefaultInstance()).getExitStatus());

        DeleteResponse deleted = stub.delete(DeleteRequest.getDefaultInstance());
        assertEquals(0, deleted.getExitStatus());
        assertTrue(shim.process.waitFor(15, TimeUnit.SECONDS), "the shim exits after Delete");
        assertEquals(0, shim.process.exitValue());
        assertFalse(ShimProcess.isMounted(shim.bundle.rootfs()), "rootfs unmounted");
        assertFalse(Files.exists(shim.bundle.rootfs()), "the mount point the shim made is gone");
        assertFalse(Files.exists(shim.socket), "socket removed");
        assertTrue(Files.exists(shim.work.resolve("exit.json")), "exit.json outlives the shim");
        assertFalse(Files.exists(shim.work.resolve("shim.pid")));
    }

    @Test
    void aNewClientSeesTheSameContainerAfterTheFirstOneIsGone() throws Exception {
        launch(List.of("sleep", "100"));
        ManagedChannel first = shim.newChannel();
        ShimGrpc.ShimBlockingStub stub = shim.blocking(first);
        stub.create(createRequest().build());
        int pid = stub.start(StartRequest.getDefaultInstance()).getPid();
        AttachClient attached = AttachClient.attach(first, false, true, true).awaitAttached();
        first.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        assertTrue(attached.awaitDone(5));

        ShimGrpc.ShimBlockingStub again = shim.blocking(shim.newChannel());
        StateResponse state = again.state(StateRequest.getDefaultInstance());
        assertEquals(Status.RUNNING, state.getStatus());
        assertEquals(pid, state.getPid());
        assertEquals(shim.bundle.bundle.toString(), state.getBundle());
        assertNotEquals(0, state.getStartedAt().getSeconds());
        // SIGKILL: sleep is pid 1 of its namespace and ignores SIGTERM
        again.kill(KillRequest.newBuilder().setSignal(9).setAll(true).build());
        assertEquals(137, again.wait(WaitRequest.getDefaultInstance()).getExitStatus());
    }

    @Test
    void badRequestsAreRefusedWithoutLeavingAnythingBehind() throws Exception {
        launch(List.of("true"));
        ManagedChannel channel = shim.newChannel();
        ShimGrpc.ShimBlockingStub stub = shim.blocking(channel);
        assertEquals(Code.NOT_FOUND, codeOf(() -> stub.state(StateRequest.getDefaultInstance())));
        assertEquals(Code.NOT_FOUND, codeOf(() -> stub.start(StartRequest.getDefaultInstance())));
        assertEquals(Code.NOT_FOUND, codeOf(() -> stub.delete(DeleteRequest.getDefaultInstance())));
        assertEquals(Code.FAILED_PRECONDITION, codeOf(() -> stub.create(createRequest().setTerminal(true).build())));
        assertEquals(Code.INVALID_ARGUMENT, codeOf(() -> stub.create(createRequest().setId("someone-else").build())));
        assertEquals(Code.INVALID_ARGUMENT, codeOf(() -> stub.create(createRequest().setBundle("relative/bundle").build())));
        assertEquals(Code.INVALID_ARGUMENT, codeOf(() -> stub.create(createRequest().setBundle(dir.toString()).build())),
                "no config.json");
        assertEquals(Code.INVALID_ARGUMENT, codeOf(() -> stub.create(createRequest().clearRootfs()
                .addRootfs(shim.bundle.rootfsMount().toBuilder().setType("")).build())));
        assertFalse(ShimProcess.isMounted(shim.bundle.rootfs()));
        assertFalse(Files.exists(shim.bundle.rootfs()), "a refused Create leaves no mount point");

        AttachClient noOptions = new AttachClient();
        ShimGrpc.newStub(channel).attach(noOptions).onNext(dev.berth.api.runtime.v1.AttachRequest.getDefaultInstance());
        assertTrue(noOptions.awaitDone(10));
        assertEquals(Code.INVALID_ARGUMENT, io.grpc.Status.fromThrowable(noOptions.error()).getCode());

        stub.create(createRequest().build());
        assertEquals(Code.ALREADY_EXISTS, codeOf(() -> stub.create(createRequest().build())));
    }
}
