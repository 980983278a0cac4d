package dev.berth.cli.stats;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;

/**
 * One container's figures, computed from a v1.41 stats sample exactly as docker's CLI does
 * (stats_helpers.go): CPU % from the cpu_stats/precpu_stats deltas, memory without the
 * inactive file cache (cgroup v1 total_inactive_file, v2 inactive_file), block I/O by
 * operation, network summed over interfaces.
 */
public record StatsEntry(String name, String id, double cpuPercent, double memory, double memoryLimit,
                         double memoryPercent, double networkRx, double networkTx, double blockRead,
                         double blockWrite, long pids) {

    /** An entry before any sample arrived. */
    public static final StatsEntry EMPTY = new StatsEntry("", "", 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public static StatsEntry of(JsonNode sample) {
        JsonNode memoryStats = sample.path("memory_stats");
        double memory = memoryUsageWithoutCache(memoryStats);
        double limit = unsigned(memoryStats.path("limit"));
        double[] block = blockIo(sample.path("blkio_stats").path("io_service_bytes_recursive"));
        double[] network = network(sample.path("networks"));
        return new StatsEntry(sample.path("name").asText(""), sample.path("id").asText(""), cpuPercent(sample),
                memory, limit, limit != 0 ? memory / limit * 100.0 : 0, network[0], network[1], block[0], block[1],
                sample.path("pids_stats").path("current").asLong(0));
    }

    /** The same figures zeroed, keeping the name and id (docker's SetErrorAndReset). */
    public StatsEntry reset() {
        return new StatsEntry(name, id, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    static double cpuPercent(JsonNode sample) {
        JsonNode cpu = sample.path("cpu_stats");
        JsonNode precpu = sample.path("precpu_stats");
        double cpuDelta = unsigned(cpu.path("cpu_usage").path("total_usage")) - unsigned(precpu.path("cpu_usage").path("total_usage"));
        double systemDelta = unsigned(cpu.path("system_cpu_usage")) - unsigned(precpu.path("system_cpu_usage"));
        double onlineCpus = unsigned(cpu.path("online_cpus"));
        if (onlineCpus == 0.0) {
            onlineCpus = cpu.path("cpu_usage").path("percpu_usage").size();
        }
        if (systemDelta > 0.0 && cpuDelta > 0.0) {
            return (cpuDelta / systemDelta) * onlineCpus * 100.0;
        }
        return 0.0;
    }

    /** usage minus total_inactive_file (cgroup v1) or inactive_file (v2), when smaller than usage. */
    static double memoryUsageWithoutCache(JsonNode memoryStats) {
        BigInteger usage = integer(memoryStats.path("usage"));
        JsonNode stats = memoryStats.path("stats");
        if (stats.has("total_inactive_file")) {
            BigInteger inactive = integer(stats.path("total_inactive_file"));
            if (inactive.compareTo(usage) < 0) {
                return usage.subtract(inactive).doubleValue();
            }
        }
        BigInteger inactive = integer(stats.path("inactive_file"));
        if (inactive.compareTo(usage) < 0) {
            return usage.subtract(inactive).doubleValue();
        }
        return usage.doubleValue();
    }

    private static double[] blockIo(JsonNode entries) {
        BigInteger read = BigInteger.ZERO;
        BigInteger write = BigInteger.ZERO;
        for (JsonNode entry : entries) {
            String op = entry.path("op").asText("");
            if (op.isEmpty()) {
                continue;
            }
            switch (op.charAt(0)) {
                case 'r', 'R' -> read = read.add(integer(entry.path("value")));
                case 'w', 'W' -> write = write.add(integer(entry.path("value")));
                default -> { }
            }
        }
        return new double[] {read.doubleValue(), write.doubleValue()};
    }

    private static double[] network(JsonNode networks) {
        double rx = 0;
        double tx = 0;
        for (JsonNode network : networks) {
            rx += unsigned(network.path("rx_bytes"));
            tx += unsigned(network.path("tx_bytes"));
        }
        return new double[] {rx, tx};
    }

    /** A uint64 field as Go's float64(x) converts it. */
    private static double unsigned(JsonNode node) {
        return integer(node).doubleValue();
    }

    private static BigInteger integer(JsonNode node) {
        return node.isNumber() ? node.bigIntegerValue() : BigInteger.ZERO;
    }
}
