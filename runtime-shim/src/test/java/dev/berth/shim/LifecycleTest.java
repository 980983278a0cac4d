package dev.berth.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.runtime.v1.AttachRequest;
import dev.berth.api.runtime.v1.DeleteRequest;
import dev.berth.api.runtime.v1.DeleteResponse;
import dev.berth.api.runtime.v1.KillRequest;
import dev.berth.api.runtime.v1.StartRequest;
import dev.berth.api.runtime.v1.StateRequest;
import dev.berth.api.runtime.v1.StateResponse;
import dev.berth.api.runtime.v1.Status;
import dev.berth.api.runtime.v1.TaskGrpc;
import dev.berth.api.runtime.v1.WaitRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The container lifecycle against real hosts, in both ways of hosting: one host serving several
 * containers at once (SHARED), and a host per container that exits when idle and is started
 * again by the next call (PER_CONTAINER).
 */
class LifecycleTest {
    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?Z";
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;
    private ShimRig rig;

    @AfterEach
    void cleanUp() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    private static Code codeOf(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run).getStatus().getCode();
    }

    private static StateRequest state(BusyboxBundle c) {
        return StateRequest.newBuilder().setId(c.id).build();
    }

    private static WaitRequest waitFor(BusyboxBundle c) {
        return WaitRequest.newBuilder().setId(c.id).build();
    }

    private static StartRequest start(BusyboxBundle c) {
        return StartRequest.newBuilder().setId(c.id).build();
    }

    private void assertHostExits(BusyboxBundle c) throws Exception {
        if (rig.mode != ShimRig.Mode.PER_CONTAINER) {
            return;
        }
        HostProcess host = rig.currentHost(rig.group(c));
        assertTrue(host.awaitExit(15), "the host of " + c.id + " exits once its container stopped:\n" + host.log());
        assertFalse(Files.exists(host.socket), "host socket removed");
        assertFalse(Files.exists(rig.state.resolve("hosts").resolve(rig.group(c) + ".pid")), "pid file removed");
    }

    @ParameterizedTest
    @EnumSource(ShimRig.Mode.class)
    void threeContainersInterleaved(ShimRig.Mode mode) throws Exception {
        rig = new ShimRig(dir, mode);
        BusyboxBundle echo = rig.container(List.of("echo", "hello"));
        BusyboxBundle failing = rig.container(List.of("sh", "-c", "echo err >&2; exit 7"));
        BusyboxBundle cat = rig.container(List.of("cat"));
        // each attach follows its Create at once, as docker run does: an idle host per container would exit
        rig.call(rig.group(echo), s -> s.create(rig.createRequest(echo).build()));
        AttachClient echoOut = AttachClient.attach(rig.channel(rig.group(echo)), echo.id, "", false, true, true).awaitAttached();
        rig.call(rig.group(failing), s -> s.create(rig.createRequest(failing).build()));
        AttachClient failingOut = AttachClient.attach(rig.channel(rig.group(failing)), failing.id, "", false, true, true).awaitAttached();
        rig.call(rig.group(cat), s -> s.create(rig.createRequest(cat).setOpenStdin(true).setStdinOnce(true).build()));
        AttachClient catIo = AttachClient.attach(rig.channel(rig.group(cat)), cat.id, "", true, true, true).awaitAttached();
        TaskGrpc.TaskBlockingStub echoHost = rig.stub(rig.group(echo));
        TaskGrpc.TaskBlockingStub failingHost = rig.stub(rig.group(failing));
        TaskGrpc.TaskBlockingStub catHost = rig.stub(rig.group(cat));
        assertTrue(ShimRig.isMounted(echo.rootfs()), "rootfs is mounted at Create");
        assertEquals(Status.CREATED, echoHost.state(state(echo)).getStatus());

        int catPid = catHost.start(start(cat)).getPid();
        assertTrue(echoHost.start(start(echo)).getPid() > 0);
        failingHost.start(start(failing));
        assertTrue(catPid > 0);
        catIo.send("hi\n");

        assertTrue(echoOut.awaitDone(30), "attach ends when the process exited");
        assertEquals("hello\n", echoOut.stdout());
        assertEquals("", echoOut.stderr());
        assertEquals(0, echoHost.wait(waitFor(echo)).getExitStatus());
        assertEquals(7, failingHost.wait(waitFor(failing)).getExitStatus());
        assertTrue(failingOut.awaitDone(30));
        assertEquals("err\n", failingOut.stderr());
        assertEquals(Status.RUNNING, catHost.state(state(cat)).getStatus(), "cat still reads its stdin");
        assertEquals(catPid, catHost.state(state(cat)).getPid());
        assertTrue(catIo.awaitStdout("hi\n", 10));
        catIo.closeStdin();
        assertTrue(catIo.awaitDone(30), "cat exits on end of input");
        assertEquals(0, catHost.wait(waitFor(cat)).getExitStatus());

        List<String> lines = Files.readAllLines(rig.logOf(echo));
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.getFirst().matches("\\{\"log\":\"hello\\\\n\",\"stream\":\"stdout\",\"time\":\"" + TIME + "\"}"), lines.getFirst());
        assertTrue(Files.readString(rig.logOf(failing)).startsWith("{\"log\":\"err\\n\",\"stream\":\"stderr\",\"time\":\""));
        JsonNode exitFile = json.readTree(rig.state.resolve(failing.id).resolve("exit.json").toFile());
        assertEquals(7, exitFile.get("exit_status").asInt());
        assertTrue(exitFile.get("exited_at").asText().matches(TIME));
        StateResponse stopped = failingHost.state(state(failing));
        assertEquals(Status.STOPPED, stopped.getStatus());
        assertEquals(7, stopped.getExitStatus());
        assertTrue(stopped.getExitedAt().getSeconds() > 0);
        assertEquals("", stopped.getError());
        // runc's record of a run is removed once its init exits, before any Delete
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Files.exists(rig.runcRoot.resolve(failing.id)) && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertFalse(Files.exists(rig.runcRoot.resolve(failing.id)), "runc state of an exited container");

        // all stopped: a host per container exits; the next call starts a new one that knows the container
        assertHostExits(echo);
        assertHostExits(failing);
        assertHostExits(cat);
        assertEquals(Status.STOPPED, rig.call(rig.group(echo), s -> s.state(state(echo))).getStatus());
        assertEquals(0, rig.call(rig.group(echo), s -> s.state(state(echo))).getExitStatus());
        assertEquals(7, rig.call(rig.group(failing), s -> s.withDeadlineAfter(5, TimeUnit.SECONDS).wait(waitFor(failing)))
                .getExitStatus(), "Wait on a stopped container answers at once");

        AttachClient again = AttachClient.attach(rig.channel(rig.group(echo)), echo.id, "", false, true, true).awaitAttached();
        rig.stub(rig.group(echo)).start(start(echo));
        assertTrue(again.awaitDone(30));
        assertEquals("hello\n", again.stdout(), "a stopped container starts again");
        assertEquals(0, rig.stub(rig.group(echo)).wait(waitFor(echo)).getExitStatus());
        assertEquals(2, Files.readAllLines(rig.logOf(echo)).size());
        assertHostExits(echo);
    }

    @ParameterizedTest
    @EnumSource(ShimRig.Mode.class)
    void killGives137AndDeleteRemovesTheContainerAndItsEndpoint(ShimRig.Mode mode) throws Exception {
        rig = new ShimRig(dir, mode);
        BusyboxBundle sleeper = rig.container(List.of("sleep", "100"));
        String group = rig.group(sleeper);
        Path endpoint = dir.resolve(sleeper.id + ".sock");
        TaskGrpc.TaskBlockingStub host = rig.stub(group);
        host.create(rig.createRequest(sleeper).setSocket(endpoint.toString()).build());
        assertTrue(Files.exists(endpoint), "the container's own endpoint is served");
        TaskGrpc.TaskBlockingStub own = TaskGrpc.newBlockingStub(rig.channelTo(endpoint)).withDeadlineAfter(60, TimeUnit.SECONDS);
        assertEquals(Status.CREATED, own.state(state(sleeper)).getStatus());
        KillRequest kill9 = KillRequest.newBuilder().setId(sleeper.id).setSignal(9).build();
        assertEquals(Code.FAILED_PRECONDITION, codeOf(() -> own.kill(kill9)));

        int pid = own.start(start(sleeper)).getPid();
        assertEquals(Status.RUNNING, host.state(state(sleeper)).getStatus());
        assertEquals(pid, own.connect(dev.berth.api.runtime.v1.ConnectRequest.newBuilder().setId(sleeper.id).build()).getTaskPid());
        assertEquals(Code.FAILED_PRECONDITION, codeOf(() -> own.start(start(sleeper))), "already running");
        assertEquals(Code.FAILED_PRECONDITION, codeOf(() -> own.delete(DeleteRequest.newBuilder().setId(sleeper.id).build())));
        assertEquals(Code.INVALID_ARGUMENT, codeOf(() -> own.kill(kill9.toBuilder().setSignal(0).build())));
        // a client that goes away leaves the container alone
        ManagedChannel shortLived = dev.berth.common.grpc.GrpcChannels.dial(endpoint, "default");
        AttachClient gone = AttachClient.attach(shortLived, sleeper.id, "", false, true, true).awaitAttached();
        shortLived.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        assertTrue(gone.awaitDone(5));
        assertEquals(Status.RUNNING, own.state(state(sleeper)).getStatus());

        own.kill(kill9);
        assertEquals(137, own.wait(waitFor(sleeper)).getExitStatus());
        StatusRuntimeException notRunning = assertThrows(StatusRuntimeException.class, () -> own.kill(kill9));
        assertEquals(Code.FAILED_PRECONDITION, notRunning.getStatus().getCode());
        assertEquals("container " + sleeper.id + " is not running", notRunning.getStatus().getDescription());

        DeleteResponse deleted = rig.call(group, s -> s.delete(DeleteRequest.newBuilder().setId(sleeper.id).build()));
        assertEquals(137, deleted.getExitStatus());
        assertFalse(ShimRig.isMounted(sleeper.rootfs()), "rootfs unmounted");
        assertFalse(Files.exists(sleeper.rootfs()), "the mount point the host made is gone");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (Files.exists(endpoint) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(Files.exists(endpoint), "the container's endpoint is removed");
        assertFalse(Files.exists(rig.state.resolve(sleeper.id)), "a deleted container leaves no state directory");
        if (mode == ShimRig.Mode.SHARED) {
            TaskGrpc.TaskBlockingStub after = rig.stub(group);
            assertEquals(Code.NOT_FOUND, codeOf(() -> after.state(state(sleeper))));
        }
        assertHostExits(sleeper);
    }

    @ParameterizedTest
    @EnumSource(ShimRig.Mode.class)
    void stdinSentBeforeStartAndAHalfCloseReachTheContainer(ShimRig.Mode mode) throws Exception {
        rig = new ShimRig(dir, mode);
        BusyboxBundle cat = rig.container(List.of("cat"));
        TaskGrpc.TaskBlockingStub host = rig.stub(rig.group(cat));
        host.create(rig.createRequest(cat).setOpenStdin(true).setStdinOnce(true).build());
        AttachClient client = AttachClient.attach(rig.channel(rig.group(cat)), cat.id, "", true, true, false).awaitAttached();
        client.send("early\n");
        client.halfClose();
        host.start(start(cat));
        assertTrue(client.awaitDone(30));
        assertEquals("early\n", client.stdout());
        assertEquals(0, host.wait(waitFor(cat)).getExitStatus());
        assertHostExits(cat);
    }

    @Test
    void aMissingExecutableFailsStartWithRuncsMessageAndStatus127() throws Exception {
        rig = new ShimRig(dir, ShimRig.Mode.SHARED);
        BusyboxBundle nope = rig.container(List.of("nope"));
        TaskGrpc.TaskBlockingStub host = rig.stub("shared");
        host.create(rig.createRequest(nope).build());
        AttachClient client = AttachClient.attach(rig.channel("shared"), nope.id, "", false, true, true).awaitAttached();
        StatusRuntimeException failed = assertThrows(StatusRuntimeException.class, () -> host.start(start(nope)));
        assertEquals(Code.FAILED_PRECONDITION, failed.getStatus().getCode());
        assertTrue(failed.getStatus().getDescription().contains("exec: \"nope\": executable file not found"),
                failed.getStatus().getDescription());
        assertEquals(127, host.wait(waitFor(nope)).getExitStatus());
        assertEquals(127, json.readTree(rig.state.resolve(nope.id).resolve("exit.json").toFile()).get("exit_status").asInt());
        assertTrue(client.awaitDone(10));
        assertEquals("", client.stderr(), "runc's error is Start's error, not container output");
        assertEquals("", Files.readString(rig.logOf(nope)));
    }

    @Test
    void badRequestsAreRefusedWithoutLeavingAnythingBehind() throws Exception {
        rig = new ShimRig(dir, ShimRig.Mode.SHARED);
        BusyboxBundle c = rig.container(List.of("true"));
        TaskGrpc.TaskBlockingStub host = rig.stub("shared");
        assertEquals(Code.NOT_FOUND, codeOf(() -> host.state(state(c))));
        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class, () -> host.start(start(c)));
        assertEquals("container " + c.id + " not found", unknown.getStatus().getDescription());
        assertEquals(Code.NOT_FOUND, codeOf(() -> host.delete(DeleteRequest.newBuilder().setId(c.id).build())));
        assertEquals(Code.INVALID_ARGUMENT, codeOf(() -> host.state(StateRequest.getDefaultInstance())));
        assertEquals(Code.INVALID_ARGUMENT, codeOf(() -> host.create(rig.createRequest(c).setId("../x").build())));
        assertEquals(Code.INVALID_ARGUMENT, codeOf(() -> host.create(rig.createRequest(c).setBundle("relative/bundle").build())));
        assertEquals(Code.INVALID_ARGUMENT, codeOf(() -> host.create(rig.createRequest(c).setBundle(dir.toString()).build())),
                "no config.json");
        assertEquals(Code.INVALID_ARGUMENT, codeOf(() -> host.create(rig.createRequest(c).clearRootfs()
                .addRootfs(c.rootfsMount().toBuilder().setType("")).build())));
        assertFalse(ShimRig.isMounted(c.rootfs()));
        assertFalse(Files.exists(c.rootfs()), "a refused Create leaves no mount point");

        AttachClient noOptions = new AttachClient();
        TaskGrpc.newStub(rig.channel("shared")).attach(noOptions).onNext(AttachRequest.getDefaultInstance());
        assertTrue(noOptions.awaitDone(10));
        assertEquals(Code.INVALID_ARGUMENT, io.grpc.Status.fromThrowable(noOptions.error()).getCode());

        host.create(rig.createRequest(c).build());
        assertEquals(Code.ALREADY_EXISTS, codeOf(() -> host.create(rig.createRequest(c).build())));
        StatusRuntimeException noExec = assertThrows(StatusRuntimeException.class,
                () -> host.state(StateRequest.newBuilder().setId(c.id).setExecId("e1").build()));
        assertEquals(Code.NOT_FOUND, noExec.getStatus().getCode());
        assertEquals("exec e1 not found in container " + c.id, noExec.getStatus().getDescription());
        assertNotEquals(0, host.connect(dev.berth.api.runtime.v1.ConnectRequest.getDefaultInstance()).getShimPid());
    }
}
