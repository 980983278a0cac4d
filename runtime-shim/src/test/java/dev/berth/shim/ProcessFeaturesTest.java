package dev.berth.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.berth.api.runtime.v1.ExecProcessRequest;
import dev.berth.api.runtime.v1.KillRequest;
import dev.berth.api.runtime.v1.PauseRequest;
import dev.berth.api.runtime.v1.PidsRequest;
import dev.berth.api.runtime.v1.PidsResponse;
import dev.berth.api.runtime.v1.ProcessInfo;
import dev.berth.api.runtime.v1.ResizePtyRequest;
import dev.berth.api.runtime.v1.ResumeRequest;
import dev.berth.api.runtime.v1.StartRequest;
import dev.berth.api.runtime.v1.StateRequest;
import dev.berth.api.runtime.v1.StatsRequest;
import dev.berth.api.runtime.v1.StatsResponse;
import dev.berth.api.runtime.v1.Status;
import dev.berth.api.runtime.v1.TaskGrpc;
import dev.berth.api.runtime.v1.UpdateTaskRequest;
import dev.berth.api.runtime.v1.WaitRequest;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TTYs, execs, pause, pids, stats, update and users, on one shared host. */
class ProcessFeaturesTest {
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;
    private ShimRig rig;
    private TaskGrpc.TaskBlockingStub host;

    @BeforeEach
    void startHost() throws Exception {
        rig = new ShimRig(dir, ShimRig.Mode.SHARED);
        host = rig.stub("shared");
    }

    @AfterEach
    void cleanUp() throws Exception {
        rig.close();
    }

    private static StatusRuntimeException refused(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run);
    }

    private ExecProcessRequest exec(BusyboxBundle c, String execId, boolean terminal, String... args) {
        ObjectNode process = json.createObjectNode();
        ArrayNode argv = process.putArray("args");
        for (String arg : args) {
            argv.add(arg);
        }
        process.putArray("env").add("PATH=/bin").add("TERM=xterm");
        process.put("cwd", "/");
        return ExecProcessRequest.newBuilder().setId(c.id).setExecId(execId).setTerminal(terminal)
                .setSpec(ByteString.copyFromUtf8(process.toString())).build();
    }

    private BusyboxBundle running(List<String> args) throws Exception {
        BusyboxBundle c = rig.container(args);
        host.create(rig.createRequest(c).build());
        host.start(StartRequest.newBuilder().setId(c.id).build());
        return c;
    }

    private void stop(BusyboxBundle c) {
        host.kill(KillRequest.newBuilder().setId(c.id).setSignal(9).setAll(true).build());
        host.wait(WaitRequest.newBuilder().setId(c.id).build());
    }

    @Test
    void anInitWithATerminalIsResizedThroughItsPty() throws Exception {
        BusyboxBundle c = rig.container(List.of("sh", "-c", "tty; stty size; read x; stty size"));
        host.create(rig.createRequest(c).setTerminal(true).setOpenStdin(true).build());
        AttachClient client = AttachClient.attach(rig.channel("shared"), c.id, "", true, true, true).awaitAttached();
        host.start(StartRequest.newBuilder().setId(c.id).build());
        assertTrue(client.awaitStdout("/dev/pts/", 10), client.stdout());
        assertTrue(host.state(StateRequest.newBuilder().setId(c.id).build()).getTerminal());
        host.resizePty(ResizePtyRequest.newBuilder().setId(c.id).setWidth(100).setHeight(40).build());
        client.send("\n");
        assertTrue(client.awaitStdout("40 100", 10), "stty size shows the new size: " + client.stdout());
        assertTrue(client.awaitDone(10));
        assertEquals(0, host.wait(WaitRequest.newBuilder().setId(c.id).build()).getExitStatus());
        String log = Files.readString(rig.logOf(c));
        assertTrue(log.contains("\"stream\":\"stdout\"") && log.contains("/dev/pts/"), log);
        StatusRuntimeException exited = refused(() -> host.resizePty(ResizePtyRequest.newBuilder().setId(c.id).setWidth(80)
                .setHeight(24).build()));
        assertEquals(Code.FAILED_PRECONDITION, exited.getStatus().getCode());
        assertEquals("container " + c.id + " is not running", exited.getStatus().getDescription());
        assertEquals(Code.NOT_FOUND, refused(() -> host.resizePty(ResizePtyRequest.newBuilder().setId(c.id).setExecId("nope")
                .setWidth(80).setHeight(24).build())).getStatus().getCode());
    }

    @Test
    void execsRunWithAndWithoutATerminalAndReportTheirExitStatus() throws Exception {
        BusyboxBundle c = running(List.of("sleep", "1000"));
        host.exec(exec(c, "tty1", true, "sh", "-c", "tty; exit 3"));
        AttachClient tty = AttachClient.attach(rig.channel("shared"), c.id, "tty1", false, true, true).awaitAttached();
        int execPid = host.start(StartRequest.newBuilder().setId(c.id).setExecId("tty1").build()).getPid();
        assertTrue(execPid > 0);
        assertTrue(tty.awaitDone(10));
        assertTrue(tty.stdout().contains("/dev/pts/"), tty.stdout());
        assertEquals(3, host.wait(WaitRequest.newBuilder().setId(c.id).setExecId("tty1").build()).getExitStatus());
        assertEquals(Status.STOPPED, host.state(StateRequest.newBuilder().setId(c.id).setExecId("tty1").build()).getStatus());

        host.exec(exec(c, "plain", false, "sh", "-c", "echo out; echo err >&2; exit 42").toBuilder().setStdin(false).build());
        AttachClient plain = AttachClient.attach(rig.channel("shared"), c.id, "plain", false, true, true).awaitAttached();
        host.start(StartRequest.newBuilder().setId(c.id).setExecId("plain").build());
        assertTrue(plain.awaitDone(10));
        assertEquals("out\n", plain.stdout());
        assertEquals("err\n", plain.stderr());
        assertEquals(42, host.wait(WaitRequest.newBuilder().setId(c.id).setExecId("plain").build()).getExitStatus());
        assertEquals("", Files.exists(rig.logOf(c)) ? Files.readString(rig.logOf(c)) : "", "an exec's output is not in the container's log");

        host.exec(exec(c, "cat", false, "cat").toBuilder().setStdin(true).build());
        AttachClient cat = AttachClient.attach(rig.channel("shared"), c.id, "cat", true, true, true).awaitAttached();
        host.start(StartRequest.newBuilder().setId(c.id).setExecId("cat").build());
        cat.send("to the exec\n");
        cat.halfClose();
        assertTrue(cat.awaitDone(10));
        assertEquals("to the exec\n", cat.stdout());
        assertEquals(0, host.wait(WaitRequest.newBuilder().setId(c.id).setExecId("cat").build()).getExitStatus());

        assertEquals(Code.ALREADY_EXISTS, refused(() -> host.exec(exec(c, "plain", false, "true"))).getStatus().getCode());
        assertEquals(Code.FAILED_PRECONDITION, refused(() -> host.start(StartRequest.newBuilder().setId(c.id).setExecId("plain")
                .build())).getStatus().getCode(), "an exec runs once");
        host.delete(dev.berth.api.runtime.v1.DeleteRequest.newBuilder().setId(c.id).setExecId("plain").build());
        assertEquals(Code.NOT_FOUND, refused(() -> host.state(StateRequest.newBuilder().setId(c.id).setExecId("plain").build()))
                .getStatus().getCode());

        stop(c);
        StatusRuntimeException stopped = refused(() -> host.exec(exec(c, "late", false, "true")));
        assertEquals(Code.FAILED_PRECONDITION, stopped.getStatus().getCode());
        assertEquals("container " + c.id + " is not running", stopped.getStatus().getDescription());
    }

    @Test
    void pauseResumePidsStatsAndUpdate() throws Exception {
        BusyboxBundle c = running(List.of("sh", "-c", "i=0; while true; do echo $i; i=$((i+1)); sleep 0.05; done"));
        StateRequest state = StateRequest.newBuilder().setId(c.id).build();
        host.exec(exec(c, "sleeper", false, "sleep", "1000"));
        int execPid = host.start(StartRequest.newBuilder().setId(c.id).setExecId("sleeper").build()).getPid();
        PidsResponse pids = host.pids(PidsRequest.newBuilder().setId(c.id).build());
        int initPid = host.state(state).getPid();
        assertTrue(pids.getProcessesList().stream().anyMatch(p -> p.getPid() == initPid), pids.toString());
        assertTrue(pids.getProcessesList().contains(ProcessInfo.newBuilder().setPid(execPid).setExecId("sleeper").build()),
                pids.toString());

        StatsResponse stats = host.stats(StatsRequest.newBuilder().setId(c.id).build());
        assertTrue(stats.getCpu().getTotalUsageNs() > 0, stats.toString());
        assertTrue(stats.getMemory().getUsage() > 0, stats.toString());
        assertTrue(stats.getSystemCpuUsageNs() > 0);
        assertTrue(stats.getOnlineCpus() > 0);
        assertTrue(stats.getPidsCurrent() >= 2);

        host.update(UpdateTaskRequest.newBuilder().setId(c.id)
                .setResources(ByteString.copyFromUtf8("{\"memory\":{\"limit\":67108864}}")).build());
        Path v1 = Path.of("/sys/fs/cgroup/memory/berth-test", c.id, "memory.limit_in_bytes");
        Path v2 = Path.of("/sys/fs/cgroup/berth-test", c.id, "memory.max");
        assertEquals("67108864", Files.readString(Files.exists(v1) ? v1 : v2).trim());

        host.pause(PauseRequest.newBuilder().setId(c.id).build());
        assertEquals(Status.PAUSED, host.state(state).getStatus());
        StatusRuntimeException again = refused(() -> host.pause(PauseRequest.newBuilder().setId(c.id).build()));
        assertEquals("container " + c.id + " is already paused", again.getStatus().getDescription());
        Thread.sleep(200);
        long linesPaused = Files.readAllLines(rig.logOf(c)).size();
        Thread.sleep(500);
        assertEquals(linesPaused, Files.readAllLines(rig.logOf(c)).size(), "no output while paused");
        host.resume(ResumeRequest.newBuilder().setId(c.id).build());
        assertEquals(Status.RUNNING, host.state(state).getStatus());
        StatusRuntimeException notPaused = refused(() -> host.resume(ResumeRequest.newBuilder().setId(c.id).build()));
        assertEquals(Code.FAILED_PRECONDITION, notPaused.getStatus().getCode());
        assertEquals("container " + c.id + " is not paused", notPaused.getStatus().getDescription());
        Thread.sleep(500);
        assertTrue(Files.readAllLines(rig.logOf(c)).size() > linesPaused, "output goes on after resume");

        host.kill(KillRequest.newBuilder().setId(c.id).setExecId("sleeper").setSignal(9).build());
        assertEquals(137, host.wait(WaitRequest.newBuilder().setId(c.id).setExecId("sleeper").build()).getExitStatus());
        stop(c);
    }

    @Test
    void muchOutputReachesTheClientAndTheLogWhole() throws Exception {
        BusyboxBundle c = rig.container(List.of("sh", "-c", "yes hello | head -n 200000; echo done >&2"));
        host.create(rig.createRequest(c).build());
        AttachClient client = AttachClient.attach(rig.channel("shared"), c.id, "", false, true, true).awaitAttached();
        host.start(StartRequest.newBuilder().setId(c.id).build());
        assertTrue(client.awaitDone(60));
        assertEquals(0, host.wait(WaitRequest.newBuilder().setId(c.id).build()).getExitStatus());
        assertEquals(200000 * 6, client.stdout().length());
        assertEquals("done\n", client.stderr());
        List<String> lines = Files.readAllLines(rig.logOf(c));
        assertEquals(200001, lines.size());
        assertEquals(200000, lines.stream().filter(l -> l.startsWith("{\"log\":\"hello\\n\",\"stream\":\"stdout\"")).count());
    }

    @Test
    void usersAreResolvedInsideTheRootfs() throws Exception {
        BusyboxBundle app = rig.container(List.of("sh", "-c", "id; echo $HOME"));
        host.create(rig.createRequest(app).setUser("app").build());
        AttachClient out = AttachClient.attach(rig.channel("shared"), app.id, "", false, true, true).awaitAttached();
        host.start(StartRequest.newBuilder().setId(app.id).build());
        assertTrue(out.awaitDone(10));
        assertTrue(out.stdout().startsWith("uid=1000(app) gid=1000(app) groups="), out.stdout());
        assertTrue(out.stdout().contains("50(staff)") && out.stdout().contains("29(audio)"), out.stdout());
        assertTrue(out.stdout().endsWith("/home/app\n"), out.stdout());

        // a symlinked /etc/passwd resolves inside the rootfs, never to the host's file
        BusyboxBundle linked = rig.container(List.of("id"));
        Files.delete(linked.image.resolve("etc/passwd"));
        Files.createSymbolicLink(linked.image.resolve("etc/passwd"), Path.of("../../../../../../../../etc/passwd"));
        StatusRuntimeException noRoot = refused(() -> host.create(rig.createRequest(linked).setUser("daemon").build()));
        assertEquals(Code.FAILED_PRECONDITION, noRoot.getStatus().getCode());
        assertEquals("unable to find user daemon: no matching entries in passwd file", noRoot.getStatus().getDescription());
        Files.delete(linked.image.resolve("etc/passwd")); // JUnit warns about links out of @TempDir

        BusyboxBundle numeric = rig.container(List.of("id"));
        host.create(rig.createRequest(numeric).setUser("4321:29").build());
        AttachClient numericOut = AttachClient.attach(rig.channel("shared"), numeric.id, "", false, true, true).awaitAttached();
        host.start(StartRequest.newBuilder().setId(numeric.id).build());
        assertTrue(numericOut.awaitDone(10));
        assertTrue(numericOut.stdout().startsWith("uid=4321 gid=29(audio)"), numericOut.stdout());

        BusyboxBundle sleeper = running(List.of("sleep", "1000"));
        host.exec(exec(sleeper, "as-app", false, "id", "-u").toBuilder().setUser("app").build());
        AttachClient execOut = AttachClient.attach(rig.channel("shared"), sleeper.id, "as-app", false, true, true).awaitAttached();
        host.start(StartRequest.newBuilder().setId(sleeper.id).setExecId("as-app").build());
        assertTrue(execOut.awaitDone(10));
        assertEquals("1000\n", execOut.stdout());
        StatusRuntimeException unknown = refused(() -> host.exec(exec(sleeper, "x", false, "id").toBuilder().setUser("ghost").build()));
        assertEquals("unable to find user ghost: no matching entries in passwd file", unknown.getStatus().getDescription());
        stop(sleeper);
    }
}
