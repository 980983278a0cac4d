package dev.berth.gateway.system;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the host's cgroups can limit, read from the cgroup filesystem as Docker's sysinfo does:
 * the files a v1 controller exposes, or the controllers the v2 root offers.
 *
 * @param version        1 on a legacy or hybrid hierarchy (runc drives the v1 controllers), 2 on a unified one
 * @param memoryLimit    memory.limit_in_bytes (v1) or the memory controller (v2)
 * @param swapLimit      memory.memsw.limit_in_bytes (v1: swap accounting is on) or memory.swap.max (v2)
 * @param oomKillDisable memory.oom_control: v1 only
 */
public record CgroupInfo(int version, boolean memoryLimit, boolean swapLimit, boolean memoryReservation,
        boolean memorySwappiness, boolean oomKillDisable, boolean cpuCfs, boolean cpuShares, boolean cpuset,
        boolean pidsLimit) {

    public static CgroupInfo read() {
        return read(Path.of("/sys/fs/cgroup"));
    }

    static CgroupInfo read(Path root) {
        if (Files.exists(root.resolve("cgroup.controllers"))) {
            List<String> controllers = words(root.resolve("cgroup.controllers"));
            boolean memory = controllers.contains("memory");
            boolean cpu = controllers.contains("cpu");
            return new CgroupInfo(2, memory, memory && anyChildHas(root, "memory.swap.max"), memory, false, false,
                    cpu, cpu, controllers.contains("cpuset"), controllers.contains("pids"));
        }
        Path memory = root.resolve("memory");
        Path cpu = root.resolve("cpu");
        return new CgroupInfo(1,
                Files.exists(memory.resolve("memory.limit_in_bytes")),
                Files.exists(memory.resolve("memory.memsw.limit_in_bytes")),
                Files.exists(memory.resolve("memory.soft_limit_in_bytes")),
                Files.exists(memory.resolve("memory.swappiness")),
                Files.exists(memory.resolve("memory.oom_control")),
                Files.exists(cpu.resolve("cpu.cfs_period_us")) && Files.exists(cpu.resolve("cpu.cfs_quota_us")),
                Files.exists(cpu.resolve("cpu.shares")),
                Files.exists(root.resolve("cpuset").resolve("cpuset.cpus")),
                // the v1 root has no pids.max: the mounted controller is what Docker checks
                Files.exists(root.resolve("pids").resolve("cgroup.procs")));
    }

    /** The v2 root has no memory.swap.max of its own; any child group with one shows swap is limited. */
    private static boolean anyChildHas(Path root, String file) {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path child : children) {
                if (Files.exists(child.resolve(file))) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private static List<String> words(Path file) {
        try {
            return List.of(Files.readString(file).trim().split("\\s+"));
        } catch (IOException e) {
            return List.of();
        }
    }
}
