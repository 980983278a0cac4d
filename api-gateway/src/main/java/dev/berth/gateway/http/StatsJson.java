package dev.berth.gateway.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.runtime.v1.BlkioEntry;
import dev.berth.api.runtime.v1.NetworkStats;
import dev.berth.api.runtime.v1.StatsResponse;
import dev.berth.gateway.container.Container;
import java.util.List;

/** A stats sample in the Engine API's shape (types.StatsJSON), with the previous sample as precpu_stats. */
final class StatsJson {
    private StatsJson() {}

    static ObjectNode of(Container container, StatsResponse sample, StatsResponse previous) {
        ObjectNode node = Json.object();
        node.put("read", DockerTime.rfc3339(instant(sample)));
        node.put("preread", previous == null ? DockerTime.ZERO : DockerTime.rfc3339(instant(previous)));
        node.putObject("pids_stats").put("current", sample.getPidsCurrent()).put("limit", sample.getPidsLimit());
        ObjectNode blkio = node.putObject("blkio_stats");
        blkio(blkio.putArray("io_service_bytes_recursive"), sample.getBlkioIoServiceBytesList());
        blkio(blkio.putArray("io_serviced_recursive"), sample.getBlkioIoServicedList());
        for (String empty : List.of("io_queue_recursive", "io_service_time_recursive", "io_wait_time_recursive",
                "io_merged_recursive", "io_time_recursive", "sectors_recursive")) {
            blkio.putNull(empty);
        }
        node.put("num_procs", 0);
        node.putObject("storage_stats");
        cpu(node.putObject("cpu_stats"), sample);
        ObjectNode pre = node.putObject("precpu_stats");
        if (previous != null) {
            cpu(pre, previous);
        } else {
            pre.putObject("cpu_usage").put("total_usage", 0).put("usage_in_kernelmode", 0).put("usage_in_usermode", 0);
            pre.putObject("throttling_data").put("periods", 0).put("throttled_periods", 0).put("throttled_time", 0);
        }
        ObjectNode memory = node.putObject("memory_stats");
        memory.put("usage", sample.getMemory().getUsage())
                .put("max_usage", sample.getMemory().getMaxUsage())
                .put("limit", sample.getMemory().getLimit())
                .put("failcnt", sample.getMemory().getFailcnt());
        ObjectNode stats = memory.putObject("stats");
        sample.getMemory().getStatsMap().forEach(stats::put);
        node.put("name", "/" + container.name());
        node.put("id", container.id());
        if (sample.getNetworksCount() > 0) {
            ObjectNode networks = node.putObject("networks");
            for (NetworkStats n : sample.getNetworksList()) {
                networks.putObject(n.getInterface())
                        .put("rx_bytes", n.getRxBytes()).put("rx_packets", n.getRxPackets())
                        .put("rx_errors", n.getRxErrors()).put("rx_dropped", n.getRxDropped())
                        .put("tx_bytes", n.getTxBytes()).put("tx_packets", n.getTxPackets())
                        .put("tx_errors", n.getTxErrors()).put("tx_dropped", n.getTxDropped());
            }
        }
        return node;
    }

    private static java.time.Instant instant(StatsResponse sample) {
        return java.time.Instant.ofEpochSecond(sample.getRead().getSeconds(), sample.getRead().getNanos());
    }

    private static void cpu(ObjectNode node, StatsResponse sample) {
        ObjectNode usage = node.putObject("cpu_usage");
        usage.put("total_usage", sample.getCpu().getTotalUsageNs());
        ArrayNode perCpu = usage.putArray("percpu_usage");
        sample.getCpu().getPerCpuUsageNsList().forEach(perCpu::add);
        usage.put("usage_in_kernelmode", sample.getCpu().getKernelUsageNs())
                .put("usage_in_usermode", sample.getCpu().getUserUsageNs());
        node.put("system_cpu_usage", sample.getSystemCpuUsageNs());
        node.put("online_cpus", sample.getOnlineCpus());
        node.putObject("throttling_data")
                .put("periods", sample.getCpu().getThrottlingPeriods())
                .put("throttled_periods", sample.getCpu().getThrottledPeriods())
                .put("throttled_time", sample.getCpu().getThrottledTimeNs());
    }

    private static void blkio(ArrayNode array, List<BlkioEntry> entries) {
        for (BlkioEntry e : entries) {
            array.addObject().put("major", e.getMajor()).put("minor", e.getMinor()).put("op", e.getOp()).put("value", e.getValue());
        }
    }
}
