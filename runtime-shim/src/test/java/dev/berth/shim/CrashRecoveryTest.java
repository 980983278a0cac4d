package dev.berth.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.runtime.v1.KillRequest;
import dev.berth.api.runtime.v1.StartRequest;
import dev.berth.api.runtime.v1.StateRequest;
import dev.berth.api.runtime.v1.StateResponse;
import dev.berth.api.runtime.v1.Status;
import dev.berth.api.runtime.v1.TaskGrpc;
import dev.berth.api.runtime.v1.WaitRequest;
import dev.berth.api.runtime.v1.WaitResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host killed with SIGKILL leaves its containers running; a restarted host takes them back. */
class CrashRecoveryTest {
    private static final List<String> COUNTER = List.of("sh", "-c", "i=0; while true; do echo $i; i=$((i+1)); sleep 0.1; done");
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

    /** The counter values in the json log, in order. */
    private List<Integer> loggedCounter(BusyboxBundle c) throws Exception {
        List<Integer> values = new ArrayList<>();
        for (String line : Files.readAllLines(rig.logOf(c))) {
            JsonNode entry = json.readTree(line);
            assertEquals("stdout", entry.get("stream").asText());
            values.add(Integer.parseInt(entry.get("log").asText().trim()));
        }
        return values;
    }

    private void awaitLogLines(BusyboxBundle c, int atLeast) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (Files.exists(rig.logOf(c)) && Files.readAllLines(rig.logOf(c)).size() >= atLeast) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("fewer than " + atLeast + " log lines");
    }

    @Test
    void aRestartedHostAdoptsARunningContainerAndItsOutputWithoutAGap() throws Exception {
        rig = new ShimRig(dir, ShimRig.Mode.SHARED);
        BusyboxBundle c = rig.container(COUNTER);
        TaskGrpc.TaskBlockingStub host = rig.stub("shared");
        host.create(rig.createRequest(c).build());
        int pid = host.start(StartRequest.newBuilder().setId(c.id).build()).getPid();
        awaitLogLines(c, 5);

        HostProcess first = rig.currentHost("shared");
        first.kill(); // SIGKILL
        int linesAtCrash = Files.readAllLines(rig.logOf(c)).size();
        Thread.sleep(1500); // the container writes into its FIFO while no host reads
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the container outlives its host");
        assertEquals(linesAtCrash, Files.readAllLines(rig.logOf(c)).size(), "nobody logs while no host runs");

        TaskGrpc.TaskBlockingStub restarted = rig.stub("shared"); // a new host for the same group
        StateResponse state = restarted.state(StateRequest.newBuilder().setId(c.id).build());
        assertEquals(Status.RUNNING, state.getStatus());
        assertEquals(pid, state.getPid());
        awaitLogLines(c, linesAtCrash + 20);

        restarted.kill(KillRequest.newBuilder().setId(c.id).setSignal(9).build());
        WaitResponse exit = restarted.wait(WaitRequest.newBuilder().setId(c.id).build());
        assertEquals(255, exit.getExitStatus(), "an adopted process's status cannot be known");
        assertTrue(exit.getError().contains("unknown"), exit.getError());
        JsonNode exitFile = json.readTree(rig.state.resolve(c.id).resolve("exit.json").toFile());
        assertEquals(255, exitFile.get("exit_status").asInt());
        assertTrue(exitFile.get("error").asText().contains("unknown"));

        List<Integer> counter = loggedCounter(c);
        for (int i = 0; i < counter.size(); i++) {
            assertEquals(i, counter.get(i), "the json log has every line, also those written while no host ran: " + counter);
        }
        assertTrue(counter.size() > linesAtCrash + 10);
    }

    @Test
    void aContainerThatExitedWhileNoHostRanIsReportedStoppedWith255() throws Exception {
        rig = new ShimRig(dir, ShimRig.Mode.SHARED);
        BusyboxBundle c = rig.container(COUNTER);
        TaskGrpc.TaskBlockingStub host = rig.stub("shared");
        host.create(rig.createRequest(c).build());
        int pid = host.start(StartRequest.newBuilder().setId(c.id).build()).getPid();
        awaitLogLines(c, 2);
        rig.currentHost("shared").kill();

        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));

        TaskGrpc.TaskBlockingStub restarted = rig.stub("shared");
        StateResponse state = restarted.state(StateRequest.newBuilder().setId(c.id).build());
        assertEquals(Status.STOPPED, state.getStatus());
        assertEquals(255, state.getExitStatus());
        assertTrue(state.getError().contains("shim host lost"), state.getError());
        WaitResponse exit = restarted.withDeadlineAfter(5, TimeUnit.SECONDS).wait(WaitRequest.newBuilder().setId(c.id).build());
        assertEquals(255, exit.getExitStatus());
        assertEquals(state.getError(), exit.getError());
        JsonNode exitFile = json.readTree(rig.state.resolve(c.id).resolve("exit.json").toFile());
        assertEquals(255, exitFile.get("exit_status").asInt());
        assertTrue(exitFile.get("error").asText().contains("shim host lost"));
        // and it starts again under the new host
        restarted.start(StartRequest.newBuilder().setId(c.id).build());
        assertEquals(Status.RUNNING, restarted.state(StateRequest.newBuilder().setId(c.id).build()).getStatus());
        restarted.kill(KillRequest.newBuilder().setId(c.id).setSignal(9).build());
        assertEquals(137, restarted.wait(WaitRequest.newBuilder().setId(c.id).build()).getExitStatus());
    }

    @Test
    void sigtermStopsTheHostAndLeavesTheContainerRunning() throws Exception {
        rig = new ShimRig(dir, ShimRig.Mode.SHARED);
        BusyboxBundle c = rig.container(List.of("sleep", "100"));
        TaskGrpc.TaskBlockingStub host = rig.stub("shared");
        host.create(rig.createRequest(c).build());
        int pid = host.start(StartRequest.newBuilder().setId(c.id).build()).getPid();
        HostProcess first = rig.currentHost("shared");
        first.terminate();
        assertTrue(first.awaitExit(15), "SIGTERM stops the host");
        assertFalse(Files.exists(first.socket), "socket removed");
        assertFalse(Files.exists(rig.state.resolve("hosts/shared.pid")), "pid file removed");
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the container keeps running");
        TaskGrpc.TaskBlockingStub restarted = rig.stub("shared");
        assertEquals(Status.RUNNING, restarted.state(StateRequest.newBuilder().setId(c.id).build()).getStatus());
        restarted.kill(KillRequest.newBuilder().setId(c.id).setSignal(9).build());
        assertEquals(255, restarted.wait(WaitRequest.newBuilder().setId(c.id).build()).getExitStatus());
    }
}
