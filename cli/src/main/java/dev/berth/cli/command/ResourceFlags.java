package dev.berth.cli.command;

import dev.berth.cli.flags.FlagValues;
import dev.berth.cli.flags.Ulimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** run/create's resource limits, sent in HostConfig (the API's Resources fields). */
final class ResourceFlags {

    @Option(names = {"-m", "--memory"}, paramLabel = "bytes", description = "Memory limit")
    String memory;

    @Option(names = "--memory-swap", paramLabel = "bytes", description = "Swap limit equal to memory plus swap: '-1' to enable unlimited swap")
    String memorySwap;

    @Option(names = "--memory-reservation", paramLabel = "bytes", description = "Memory soft limit")
    String memoryReservation;

    @Option(names = "--shm-size", paramLabel = "bytes", description = "Size of /dev/shm")
    String shmSize;

    @Option(names = "--cpus", paramLabel = "decimal", description = "Number of CPUs")
    String cpus;

    @Option(names = {"-c", "--cpu-shares"}, paramLabel = "int", description = "CPU shares (relative weight)")
    Long cpuShares;

    @Option(names = "--cpu-period", paramLabel = "int", description = "Limit CPU CFS (Completely Fair Scheduler) period")
    Long cpuPeriod;

    @Option(names = "--cpu-quota", paramLabel = "int", description = "Limit CPU CFS (Completely Fair Scheduler) quota")
    Long cpuQuota;

    @Option(names = "--cpuset-cpus", paramLabel = "string", description = "CPUs in which to allow execution (0-3, 0,1)")
    String cpusetCpus;

    @Option(names = "--cpuset-mems", paramLabel = "string", description = "MEMs in which to allow execution (0-3, 0,1)")
    String cpusetMems;

    @Option(names = "--pids-limit", paramLabel = "int", description = "Tune container pids limit (set -1 for unlimited)")
    Long pidsLimit;

    @Option(names = "--ulimit", paramLabel = "ulimit", description = "Ulimit options")
    List<String> ulimits = new ArrayList<>();

    /** Adds the fields of the flags given to HostConfig. */
    void applyTo(Map<String, Object> host) {
        if (memory != null) {
            host.put("Memory", FlagValues.bytes("-m, --memory", memory));
        }
        if (memorySwap != null) {
            host.put("MemorySwap", FlagValues.swapBytes("--memory-swap", memorySwap));
        }
        if (memoryReservation != null) {
            host.put("MemoryReservation", FlagValues.bytes("--memory-reservation", memoryReservation));
        }
        if (shmSize != null) {
            host.put("ShmSize", FlagValues.bytes("--shm-size", shmSize));
        }
        if (cpus != null) {
            host.put("NanoCpus", FlagValues.nanoCpus("--cpus", cpus));
        }
        putIfSet(host, "CpuShares", cpuShares);
        putIfSet(host, "CpuPeriod", cpuPeriod);
        putIfSet(host, "CpuQuota", cpuQuota);
        putIfSet(host, "CpusetCpus", cpusetCpus);
        putIfSet(host, "CpusetMems", cpusetMems);
        putIfSet(host, "PidsLimit", pidsLimit);
        if (!ulimits.isEmpty()) {
            List<Map<String, Object>> parsed = new ArrayList<>();
            for (String ulimit : ulimits) {
                parsed.add(Ulimits.parse(ulimit));
            }
            host.put("Ulimits", parsed);
        }
    }

    private static void putIfSet(Map<String, Object> host, String key, Object value) {
        if (value != null) {
            host.put(key, value);
        }
    }
}
