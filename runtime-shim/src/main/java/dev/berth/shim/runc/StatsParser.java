package dev.berth.shim.runc;

import dev.berth.api.runtime.v1.BlkioEntry;
import dev.berth.api.runtime.v1.CpuStats;
import dev.berth.api.runtime.v1.MemoryStats;
import dev.berth.api.runtime.v1.NetworkStats;
import dev.berth.api.runtime.v1.StatsResponse;
import dev.berth.shim.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code runc events --stats} JSON turned into the typed StatsResponse, with what the docker CLI
 * needs besides: the host's CPU time from /proc/stat, the CPUs online, and the network counters
 * of the container's network namespace (/proc/<init pid>/net/dev).
 */
public final class StatsParser {
    private static final long NANOS_PER_TICK = 1_000_000_000L / 100; // USER_HZ is 100 on Linux

    private StatsParser() {}

    public static StatsResponse.Builder parse(String eventJson) {
        Object data = Json.at(Json.parse(eventJson), "data");
        StatsResponse.Builder stats = StatsResponse.newBuilder();
        Object cpu = Json.at(data, "cpu");
        CpuStats.Builder cpuStats = CpuStats.newBuilder()
                .setTotalUsageNs(Json.longAt(cpu, "usage", "total"))
                .setKernelUsageNs(Json.longAt(cpu, "usage", "kernel"))
                .setUserUsageNs(Json.longAt(cpu, "usage", "user"))
                .setThrottlingPeriods(Json.longAt(cpu, "throttling", "periods"))
                .setThrottledPeriods(Json.longAt(cpu, "throttling", "throttledPeriods"))
                .setThrottledTimeNs(Json.longAt(cpu, "throttling", "throttledTime"));
        for (Object perCpu : Json.array(Json.at(cpu, "usage", "percpu"))) {
            cpuStats.addPerCpuUsageNs(perCpu instanceof Number n ? n.longValue() : 0);
        }
        stats.setCpu(cpuStats);
        Object memory = Json.at(data, "memory");
        MemoryStats.Builder memoryStats = MemoryStats.newBuilder()
                .setUsage(Json.longAt(memory, "usage", "usage"))
                .setMaxUsage(Json.longAt(memory, "usage", "max"))
                .setLimit(Json.longAt(memory, "usage", "limit"))
                .setFailcnt(Json.longAt(memory, "usage", "failcnt"));
        for (Map.Entry<String, Object> field : Json.object(Json.at(memory, "raw")).entrySet()) {
            memoryStats.putStats(field.getKey(), field.getValue() instanceof Number n ? n.longValue() : 0);
        }
        stats.setMemory(memoryStats);
        stats.setPidsCurrent(Json.longAt(data, "pids", "current"));
        stats.setPidsLimit(Json.longAt(data, "pids", "limit"));
        for (Object entry : Json.array(Json.at(data, "blkio", "ioServiceBytesRecursive"))) {
            stats.addBlkioIoServiceBytes(blkio(entry));
        }
        for (Object entry : Json.array(Json.at(data, "blkio", "ioServicedRecursive"))) {
            stats.addBlkioIoServiced(blkio(entry));
        }
        return stats;
    }

    private static BlkioEntry blkio(Object entry) {
        return BlkioEntry.newBuilder().setMajor(Json.longAt(entry, "major")).setMinor(Json.longAt(entry, "minor"))
                .setOp(Json.stringAt(entry, "op")).setValue(Json.longAt(entry, "value")).build();
    }

    /** The interfaces of /proc/<pid>/net/dev, without lo. */
    public static void addNetworks(StatsResponse.Builder stats, int pid) {
        if (pid <= 0) {
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc", Integer.toString(pid), "net", "dev"));
        } catch (IOException e) {
            return;
        }
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            if (name.equals("lo") || f.length < 16) {
                continue;
            }
            stats.addNetworks(NetworkStats.newBuilder().setInterface(name)
                    .setRxBytes(Long.parseLong(f[0])).setRxPackets(Long.parseLong(f[1]))
                    .setRxErrors(Long.parseLong(f[2])).setRxDropped(Long.parseLong(f[3]))
                    .setTxBytes(Long.parseLong(f[8])).setTxPackets(Long.parseLong(f[9]))
                    .setTxErrors(Long.parseLong(f[10])).setTxDropped(Long.parseLong(f[11])));
        }
    }

    /** The host's CPU time as moby computes it: the first seven fields of /proc/stat's cpu line, in ns; and the online CPUs. */
    public static void addSystemCpu(StatsResponse.Builder stats) {
        try {
            int online = 0;
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                String[] parts = line.trim().split("\\s+");
                if (parts[0].equals("cpu") && parts.length >= 8) {
                    long ticks = 0;
                    for (int i = 1; i < 8; i++) {
                        ticks += Long.parseLong(parts[i]);
                    }
                    stats.setSystemCpuUsageNs(ticks * NANOS_PER_TICK);
                } else if (parts[0].startsWith("cpu")) {
                    online++;
                }
            }
            stats.setOnlineCpus(online);
        } catch (IOException | RuntimeException ignored) {
            // without /proc/stat the CLI shows 0%
        }
    }
}
