package dev.berth.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cli.testing.CliHarness;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** berth stats: the stats requests, the table once or redrawn, and errors for named containers. */
class StatsCommandTest {
    static final String SAMPLE = "{\"id\":\"abc123def4567890aa\",\"name\":\"/web\",\"pids_stats\":{\"current\":3},"
            + "\"cpu_stats\":{\"cpu_usage\":{\"total_usage\":50},\"system_cpu_usage\":1000,\"online_cpus\":2},"
            + "\"precpu_stats\":{\"cpu_usage\":{\"total_usage\":0},\"system_cpu_usage\":0},"
            + "\"memory_stats\":{\"usage\":1048576,\"limit\":4194304,\"stats\":{}},\"networks\":{\"eth0\":{\"rx_bytes\":10,\"tx_bytes\":20}}}";
    static final String ROW = "abc123def456   web       10.00%    1MiB / 4MiB         25.00%    10B / 20B   0B / 0B     3";

    @TempDir
    Path dir;
    CliHarness cli;

    @BeforeEach
    void start() throws IOException {
        cli = new CliHarness(dir);
    }

    @AfterEach
    void stop() throws IOException {
        cli.close();
    }

    @Test
    void noStreamPrintsTheTableOnce() {
        cli.daemon.on("GET /v1.41/containers/web/stats", (r, x) -> x.json(200, SAMPLE));
        assertEquals(0, cli.run("", "stats", "--no-stream", "web"), cli.err());
        assertEquals("CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O     BLOCK I/O   PIDS\n" + ROW + "\n", cli.out());
        assertEquals("stream=0", cli.daemon.lastRequest("GET /v1.41/containers/web/stats").query());
    }

    @Test
    void aMissingContainerFailsWithTheDaemonsMessage() {
        cli.daemon.on("GET /v1.41/containers/web/stats", (r, x) -> x.json(200, SAMPLE));
        cli.daemon.on("GET /v1.41/containers/nope/stats", (r, x) -> x.json(404, "{\"message\":\"No such container: nope\"}"));
        assertEquals(1, cli.run("", "container", "stats", "--no-stream", "web", "nope"));
        assertEquals("Error response from daemon: No such container: nope\n", cli.err());
        assertEquals("", cli.out());
    }

    @Test
    void withoutNamesItFollowsContainerEventsAndListsTheRunningOnes() {
        cli.daemon.on("GET /v1.41/events", (r, x) -> {
            x.streamHeaders(200);
            x.in().readAllBytes();
        });
        cli.daemon.on("GET /v1.41/containers/json", (r, x) -> x.json(200, "[{\"Id\":\"abc123def4567890aa\"}]"));
        cli.daemon.on("GET /v1.41/containers/abc123def456/stats", (r, x) -> x.json(200, SAMPLE));
        assertEquals(0, cli.run("", "stats", "--no-stream", "--format", "{{.Container}} {{.CPUPerc}}"), cli.err());
        assertEquals("abc123def456 10.00%\n", cli.out());
        assertEquals("filters={\"type\":[\"container\"]}", CliHarness.decode(cli.daemon.lastRequest("GET /v1.41/events").query()));
        assertEquals("", cli.daemon.lastRequest("GET /v1.41/containers/json").query());
        assertEquals(0, cli.run("", "stats", "-a", "--no-stream"), cli.err());
        assertEquals("all=1", cli.daemon.lastRequest("GET /v1.41/containers/json").query());
    }

    @Test
    void streamingRedrawsTheScreenEveryHalfSecond() throws Exception {
        cli.daemon.on("GET /v1.41/containers/web/stats", (r, x) -> {
            x.streamHeaders(200);
            x.write(SAMPLE + "\n");
            x.in().readAllBytes();
        });
        int[] code = {-1};
        Thread stats = Thread.ofPlatform().start(() -> code[0] = cli.run("", "stats", "web"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (cli.out().split("\033\\[H", -1).length < 3 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        stats.interrupt();
        stats.join(5000);
        assertEquals(0, code[0], cli.err());
        String frame = "\033[HCONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O     BLOCK I/O   PIDS\033[K\n"
                + ROW + "\033[K\n\033[K\n\033[J";
        assertTrue(cli.out().startsWith(frame + frame), cli.out());
        assertEquals("stream=1", cli.daemon.lastRequest("GET /v1.41/containers/web/stats").query());
    }
}
