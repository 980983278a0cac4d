package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.ApiException;
import dev.berth.cli.api.Query;
import dev.berth.cli.flags.FlagValues;
import dev.berth.cli.flags.RestartPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth update}: POST /containers/{id}/update with docker's UpdateConfig (the Resources
 * fields, zero meaning "unchanged", and RestartPolicy); prints each container updated, then
 * the daemon's warnings; failures are reported together and make the status 1.
 */
@Command(name = "update", description = "Update configuration of one or more containers",
        customSynopsis = "[OPTIONS] CONTAINER [CONTAINER...]")
public final class UpdateCommand extends EngineCommand {

    @Option(names = "--blkio-weight", paramLabel = "uint16", description = "Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)")
    int blkioWeight;

    @Option(names = "--cpu-period", paramLabel = "int", description = "Limit CPU CFS (Completely Fair Scheduler) period")
    long cpuPeriod;

    @Option(names = "--cpu-quota", paramLabel = "int", description = "Limit CPU CFS (Completely Fair Scheduler) quota")
    long cpuQuota;

    @Option(names = "--cpu-rt-period", paramLabel = "int", description = "Limit the CPU real-time period in microseconds")
    long cpuRealtimePeriod;

    @Option(names = "--cpu-rt-runtime", paramLabel = "int", description = "Limit the CPU real-time runtime in microseconds")
    long cpuRealtimeRuntime;

    @Option(names = {"-c", "--cpu-shares"}, paramLabel = "int", description = "CPU shares (relative weight)")
    long cpuShares;

    @Option(names = "--cpus", paramLabel = "decimal", description = "Number of CPUs")
    String cpus;

    @Option(names = "--cpuset-cpus", paramLabel = "string", description = "CPUs in which to allow execution (0-3, 0,1)")
    String cpusetCpus = "";

    @Option(names = "--cpuset-mems", paramLabel = "string", description = "MEMs in which to allow execution (0-3, 0,1)")
    String cpusetMems = "";

    @Option(names = {"-m", "--memory"}, paramLabel = "bytes", description = "Memory limit")
    String memory;

    @Option(names = "--memory-reservation", paramLabel = "bytes", description = "Memory soft limit")
    String memoryReservation;

    @Option(names = "--memory-swap", paramLabel = "bytes", description = "Swap limit equal to memory plus swap: -1 to enable unlimited swap")
    String memorySwap;

    @Option(names = "--pids-limit", paramLabel = "int", description = "Tune container pids limit (set -1 for unlimited)")
    long pidsLimit;

    @Option(names = "--restart", paramLabel = "string", description = "Restart policy to apply when a container exits")
    String restart;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers = new ArrayList<>();

    @Spec
    CommandSpec spec;

    /** The body of POST /containers/{id}/update. */
    Map<String, Object> updateConfig() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("CpuShares", cpuShares);
        body.put("Memory", memory == null ? 0L : FlagValues.bytes("-m, --memory", memory));
        body.put("NanoCpus", cpus == null ? 0L : FlagValues.nanoCpus("--cpus", cpus));
        body.put("BlkioWeight", blkioWeight);
        body.put("CpuPeriod", cpuPeriod);
        body.put("CpuQuota", cpuQuota);
        body.put("CpuRealtimePeriod", cpuRealtimePeriod);
        body.put("CpuRealtimeRuntime", cpuRealtimeRuntime);
        body.put("CpusetCpus", cpusetCpus);
        body.put("CpusetMems", cpusetMems);
        body.put("MemoryReservation", memoryReservation == null ? 0L : FlagValues.bytes("--memory-reservation", memoryReservation));
        body.put("MemorySwap", memorySwap == null ? 0L : FlagValues.swapBytes("--memory-swap", memorySwap));
        body.put("PidsLimit", pidsLimit == 0 ? null : pidsLimit);
        Map<String, Object> policy = RestartPolicy.parse(restart);
        if (policy == null) {
            policy = new LinkedHashMap<>();
            policy.put("Name", "");
            policy.put("MaximumRetryCount", 0);
        }
        body.put("RestartPolicy", policy);
        return body;
    }

    @Override
    protected int execute() throws Exception {
        boolean anyFlag = spec.options().stream().anyMatch(o -> !o.usageHelp() && spec.commandLine().getParseResult().hasMatchedOption(o));
        if (!anyFlag) {
            throw new CommandFailure(1, "you must provide one or more flags when using this command");
        }
        Map<String, Object> body = updateConfig();
        List<String> warnings = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String container : containers) {
            try {
                JsonNode response = client().post("/containers/" + container + "/update", Query.of(), body);
                io().out().println(container);
                response.path("Warnings").forEach(w -> warnings.add(w.asText()));
            } catch (ApiException e) {
                errors.add(e.display());
            }
        }
        if (!warnings.isEmpty()) {
            io().out().println(String.join("\n", warnings));
        }
        io().out().flush();
        if (!errors.isEmpty()) {
            throw new CommandFailure(1, String.join("\n", errors));
        }
        return 0;
    }
}
