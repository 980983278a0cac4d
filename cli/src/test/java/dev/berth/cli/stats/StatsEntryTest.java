package dev.berth.cli.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docker's stats arithmetic (stats_helpers.go) on fixed samples, and its formatting (formatter_stats.go). */
class StatsEntryTest {
    /** A cgroup v2 sample: 4 CPUs, 10% of the system's CPU time in the interval times 4 CPUs = 40%. */
    static final String CGROUP_V2 = """
            {"read":"2026-11-29T21:00:01Z","preread":"2026-11-29T21:00:00Z","id":"abc123def4567890aa","name":"/web",
             "pids_stats":{"current":7},
             "cpu_stats":{"cpu_usage":{"total_usage":400000000},"system_cpu_usage":20000000000,"online_cpus":4},
             "precpu_stats":{"cpu_usage":{"total_usage":200000000},"system_cpu_usage":18000000000,"online_cpus":4},
             "memory_stats":{"usage":104857600,"limit":2147483648,"stats":{"inactive_file":10485760,"anon":1}},
             "blkio_stats":{"io_service_bytes_recursive":[{"major":8,"minor":0,"op":"Read","value":4096},
                {"major":8,"minor":0,"op":"Write","value":8192},{"major":8,"minor":0,"op":"Sync","value":99},
                {"major":8,"minor":0,"op":"Total","value":12288}]},
             "networks":{"eth0":{"rx_bytes":1000,"tx_bytes":2000},"eth1":{"rx_bytes":500,"tx_bytes":0}}}
            """;

    static JsonNode json(String text) throws IOException {
        return Json.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void cgroupV2SampleMatchesDockersFormula() throws IOException {
        StatsEntry entry = StatsEntry.of(json(CGROUP_V2));
        double cpuDelta = 400000000.0 - 200000000.0;
        double systemDelta = 20000000000.0 - 18000000000.0;
        assertEquals(cpuDelta / systemDelta * 4 * 100.0, entry.cpuPercent());
        assertEquals(104857600.0 - 10485760.0, entry.memory());
        assertEquals(2147483648.0, entry.memoryLimit());
        assertEquals((104857600.0 - 10485760.0) / 2147483648.0 * 100.0, entry.memoryPercent());
        assertEquals(1500.0, entry.networkRx());
        assertEquals(2000.0, entry.networkTx());
        assertEquals(4096.0, entry.blockRead());
        assertEquals(8192.0, entry.blockWrite());
        assertEquals(7, entry.pids());
        StatsTable table = new StatsTable(null, true);
        assertEquals("""
                CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O       BLOCK I/O        PIDS
                abc123def456   web       40.00%    90MiB / 2GiB        4.39%     1.5kB / 2kB   4.1kB / 8.19kB   7
                """, table.render(List.of(new StatsCollector.Snapshot("web", entry, false))));
    }

    @Test
    void cgroupV1SubtractsTotalInactiveFile() throws IOException {
        StatsEntry entry = StatsEntry.of(json("""
                {"memory_stats":{"usage":104857600,"limit":0,"stats":{"total_inactive_file":20971520,"inactive_file":5242880}}}"""));
        assertEquals(104857600.0 - 20971520.0, entry.memory());
        assertEquals(0.0, entry.memoryPercent());
    }

    @Test
    void cacheLargerThanUsageIsNotSubtracted() throws IOException {
        StatsEntry entry = StatsEntry.of(json("""
                {"memory_stats":{"usage":1000,"limit":4000,"stats":{"total_inactive_file":5000,"inactive_file":200}}}"""));
        // v1's figure is no smaller than usage, so v2's inactive_file is tried, as docker does
        assertEquals(800.0, entry.memory());
        assertEquals(20.0, entry.memoryPercent());
    }

    @Test
    void cpuCountFallsBackToPerCpuUsageAndNoDeltaIsZero() throws IOException {
        StatsEntry entry = StatsEntry.of(json("""
                {"cpu_stats":{"cpu_usage":{"total_usage":300,"percpu_usage":[100,100,100]},"system_cpu_usage":2000},
                 "precpu_stats":{"cpu_usage":{"total_usage":100},"system_cpu_usage":1000}}"""));
        assertEquals(200.0 / 1000.0 * 3 * 100.0, entry.cpuPercent());
        StatsEntry first = StatsEntry.of(json("""
                {"cpu_stats":{"cpu_usage":{"total_usage":300},"system_cpu_usage":2000,"online_cpus":2},
                 "precpu_stats":{"cpu_usage":{"total_usage":0},"system_cpu_usage":0}}"""));
        assertEquals(300.0 / 2000.0 * 2 * 100.0, first.cpuPercent());
        StatsEntry idle = StatsEntry.of(json("""
                {"cpu_stats":{"cpu_usage":{"total_usage":300},"system_cpu_usage":2000,"online_cpus":2},
                 "precpu_stats":{"cpu_usage":{"total_usage":300},"system_cpu_usage":1000}}"""));
        assertEquals(0.0, idle.cpuPercent());
    }

    @Test
    void percentagesRoundLikeGosFormatFloat() {
        assertEquals("0.12%", StatsTable.percentage(0.125));
        assertEquals("0.38%", StatsTable.percentage(0.375));
        assertEquals("0.13%", StatsTable.percentage(0.1251));
        assertEquals("100.00%", StatsTable.percentage(100));
        assertEquals("0.00%", StatsTable.percentage(0));
    }

    @Test
    void staleOrFailedFiguresShowDashesAndFormatsReachEveryField() throws IOException {
        StatsEntry entry = StatsEntry.of(json(CGROUP_V2));
        StatsTable table = new StatsTable("table {{.Container}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}", true);
        assertEquals("""
                CONTAINER   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O   BLOCK I/O   PIDS
                web         --        --        -- / --             --        --        --          --
                """, table.render(List.of(new StatsCollector.Snapshot("web", StatsEntry.EMPTY, true))));
        StatsTable plain = new StatsTable("{{.ID}} {{.Name}}: {{.CPUPerc}} {{.MemPerc}}", false);
        assertEquals("abc123def4567890aa web: 40.00% 4.39%\n", plain.render(List.of(new StatsCollector.Snapshot("web", entry, false))));
        StatsTable json = new StatsTable("json", true);
        assertEquals("{\"BlockIO\":\"4.1kB / 8.19kB\",\"CPUPerc\":\"40.00%\",\"Container\":\"web\",\"ID\":\"abc123def456\","
                + "\"MemPerc\":\"4.39%\",\"MemUsage\":\"90MiB / 2GiB\",\"Name\":\"web\",\"NetIO\":\"1.5kB / 2kB\",\"PIDs\":\"7\"}\n",
                json.render(List.of(new StatsCollector.Snapshot("web", entry, false))));
    }

    @Test
    void aStreamingFrameRedrawsInPlace() {
        assertEquals("\033[Hone\033[K\ntwo\033[K\n\033[K\n\033[J", StatsTable.frame("one\ntwo\n"));
    }
}
