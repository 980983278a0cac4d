package dev.berth.gateway.container.runtime;

import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.HostConfig;
import dev.berth.gateway.container.Resources;
import dev.berth.gateway.system.CgroupInfo;
import dev.berth.gateway.system.CpuList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The create-time check of a HostConfig, as Docker's daemon makes it (validateHostConfig and
 * verifyPlatformContainerSettings): a 400 in Docker's words for what Docker refuses, Docker's
 * warnings for limits the host's cgroups cannot apply, and a 400 for every field Berth cannot
 * honour yet, so that nothing a client asks for is silently dropped.
 */
public final class HostConfigValidator {
    static final long MIN_MEMORY = 6L * 1024 * 1024;
    private static final Set<String> RESTART_POLICIES = Set.of("", "no", "always", "unless-stopped", "on-failure");
    private static final Set<String> IPC_NAMESPACED = Set.of("kernel.msgmax", "kernel.msgmnb", "kernel.msgmni",
            "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced");

    private HostConfigValidator() {}

    /** Validates against this host; returns Docker's warnings for the create response. */
    public static List<String> validate(HostConfig host) {
        return validate(host, HostPlatform.facts());
    }

    public static List<String> validate(HostConfig host, HostPlatform platform) {
        List<String> warnings = new ArrayList<>();
        if (host == null) {
            return warnings;
        }
        restartPolicy(host);
        List<String> caps = capabilities(host, platform);
        resources(host.resources(), platform, warnings);
        namespaces(host);
        if (host.shmSize() < 0) {
            throw bad("SHM size can not be less than 0");
        }
        if (host.oomScoreAdj() < -1000 || host.oomScoreAdj() > 1000) {
            throw bad("Invalid value " + host.oomScoreAdj() + ", range for oom score adj is [-1000, 1000]");
        }
        unsupported(host);
        sysctls(host);
        ulimits(host.resources().ulimits());
        SpecResources.groupAdd(host.groupAdd());
        SecurityOptions security = SecurityOptions.parse(host.securityOpt());
        if (security.customProfile()) {
            SeccompProfile.check(security.seccomp(), caps, platform);
        }
        if ("host".equals(host.networkMode()) && host.portBindings() != null && !host.portBindings().isEmpty()) {
            warnings.add("Published ports are discarded when using host network mode");
        }
        return warnings;
    }

    private static void restartPolicy(HostConfig host) {
        HostConfig.RestartPolicy policy = host.restartPolicy();
        String name = policy == null || policy.name() == null ? "" : policy.name();
        int retries = policy == null ? 0 : policy.maximumRetryCount();
        if (host.autoRemove() && !name.isEmpty() && !name.equals("no")) {
            throw bad("can't create 'AutoRemove' container with restart policy");
        }
        if (!RESTART_POLICIES.contains(name)) {
            throw bad("invalid restart policy: unknown policy '" + name
                    + "'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
        }
        if (name.equals("on-failure") || name.isEmpty()) {
            if (name.equals("on-failure") && retries < 0) {
                throw bad("invalid restart policy: maximum retry count cannot be negative");
            }
        } else if (retries != 0) {
            throw bad("invalid restart policy: maximum retry count can only be used with 'on-failure'"
                    + (retries < 0 ? " and cannot be negative" : ""));
        }
    }

    /** The container's final capabilities; Docker's "invalid CapAdd: unknown capability: ..." on a bad name. */
    private static List<String> capabilities(HostConfig host, HostPlatform platform) {
        checkCapabilities("CapAdd", host.capAdd(), platform);
        checkCapabilities("CapDrop", host.capDrop(), platform);
        return LinuxCapabilities.resolve(host.privileged(), host.capAdd(), host.capDrop(), platform.capabilities());
    }

    private static void checkCapabilities(String field, List<String> names, HostPlatform platform) {
        try {
            LinuxCapabilities.normalize(names, platform.capabilities());
        } catch (DockerApiException e) {
            throw bad("invalid " + field + ": " + e.getMessage());
        }
    }

    /** verifyPlatformContainerResources, in Docker's order and words. */
    private static void resources(Resources r, HostPlatform platform, List<String> warnings) {
        CgroupInfo cgroups = platform.cgroups();
        if (r.memory() != 0 && r.memory() < MIN_MEMORY) {
            throw bad("Minimum memory limit allowed is 6MB");
        }
        if (r.memory() > 0 && !cgroups.memoryLimit()) {
            warnings.add("Your kernel does not support memory limit capabilities or the cgroup is not mounted. Limitation discarded.");
        }
        if (r.memory() > 0 && r.memorySwap() != -1 && !cgroups.swapLimit()) {
            warnings.add("Your kernel does not support swap limit capabilities or the cgroup is not mounted. Memory limited without swap.");
        }
        if (r.memorySwap() < -1) {
            throw bad("Invalid value " + r.memorySwap() + " for MemorySwap: -1 means unlimited swap, 0 twice the memory limit");
        }
        if (r.memory() > 0 && r.memorySwap() > 0 && r.memorySwap() < r.memory()) {
            throw bad("Minimum memoryswap limit should be larger than memory limit, see usage");
        }
        if (r.memory() == 0 && r.memorySwap() > 0) {
            throw bad("You should always set the Memory limit when using Memoryswap limit, see usage");
        }
        Long swappiness = r.memorySwappiness();
        if (swappiness != null && swappiness != -1) {
            if (!cgroups.memorySwappiness()) {
                warnings.add("Your kernel does not support memory swappiness capabilities or the cgroup is not mounted. Memory swappiness discarded.");
            } else if (swappiness < 0 || swappiness > 100) {
                throw bad("Invalid value: " + swappiness + ", valid memory swappiness range is 0-100");
            }
        }
        if (r.memoryReservation() < 0) {
            throw bad("Invalid value " + r.memoryReservation() + " for MemoryReservation: it cannot be negative");
        }
        if (r.memoryReservation() > 0 && !cgroups.memoryReservation()) {
            warnings.add("Your kernel does not support memory soft limit capabilities or the cgroup is not mounted. Limitation discarded.");
        }
        if (r.memoryReservation() > 0 && r.memoryReservation() < MIN_MEMORY) {
            throw bad("Minimum memory reservation allowed is 6MB");
        }
        if (r.memory() > 0 && r.memoryReservation() > 0 && r.memory() < r.memoryReservation()) {
            throw bad("Minimum memory limit can not be less than memory reservation limit, see usage");
        }
        if (Boolean.TRUE.equals(r.oomKillDisable()) && !cgroups.oomKillDisable()) {
            warnings.add("Your kernel does not support OomKillDisable. OomKillDisable discarded.");
        }
        if (Boolean.TRUE.equals(r.oomKillDisable()) && r.memory() == 0) {
            warnings.add("OOM killer is disabled for the container, but no memory limit is set, this can result in the system running out of resources.");
        }
        if (r.pidsLimit() != null && r.pidsLimit() > 0 && !cgroups.pidsLimit()) {
            warnings.add("Your kernel does not support PIDs limit capabilities or the cgroup is not mounted. PIDs limit discarded.");
        }
        cpu(r, platform, warnings);
    }

    private static void cpu(Resources r, HostPlatform platform, List<String> warnings) {
        CgroupInfo cgroups = platform.cgroups();
        if (r.nanoCpus() > 0 && r.cpuPeriod() > 0) {
            throw bad("Conflicting options: Nano CPUs and CPU Period cannot both be set");
        }
        if (r.nanoCpus() > 0 && r.cpuQuota() > 0) {
            throw bad("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
        }
        if (r.nanoCpus() > 0 && !cgroups.cpuCfs()) {
            throw bad("NanoCPUs can not be set, as your kernel does not support CPU CFS scheduler or the cgroup is not mounted");
        }
        int n = platform.cpus();
        // below 0.01 CPU the quota would be under the kernel's 1ms minimum
        if (r.nanoCpus() != 0 && (r.nanoCpus() < 10_000_000L || r.nanoCpus() > n * 1_000_000_000L)) {
            throw bad("Range of CPUs is from 0.01 to " + n + ".00, as there are only " + n + " CPUs available");
        }
        if (r.cpuShares() < 0) {
            throw bad("invalid CPU shares (" + r.cpuShares() + "): value must be a positive integer");
        }
        if (r.cpuShares() > 0 && !cgroups.cpuShares()) {
            warnings.add("Your kernel does not support CPU shares or the cgroup is not mounted. Shares discarded.");
        }
        if ((r.cpuPeriod() != 0 || r.cpuQuota() != 0) && !cgroups.cpuCfs()) {
            warnings.add("Your kernel does not support CPU CFS scheduler. CPU period/quota discarded.");
        }
        if (r.cpuPeriod() != 0 && (r.cpuPeriod() < 1000 || r.cpuPeriod() > 1_000_000)) {
            throw bad("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
        }
        if (r.cpuQuota() > 0 && r.cpuQuota() < 1000) {
            throw bad("CPU cfs quota can not be less than 1ms (i.e. 1000)");
        }
        if (r.cpuQuota() < -1) {
            throw bad("Invalid value " + r.cpuQuota() + " for CpuQuota: -1 means no quota");
        }
        if (r.cpuPercent() > 0) {
            warnings.add("linux does not support CPU percent. Percent discarded.");
        }
        if (r.cpuCount() > 0) {
            warnings.add("linux does not support CPU count. Count discarded.");
        }
        cpuset("cpus", r.cpusetCpus(), platform.onlineCpus(), cgroups, warnings);
        cpuset("mems", r.cpusetMems(), platform.onlineMems(), cgroups, warnings);
    }

    private static void cpuset(String what, String requested, String available, CgroupInfo cgroups, List<String> warnings) {
        if (requested == null || requested.isEmpty()) {
            return;
        }
        if (!cgroups.cpuset()) {
            warnings.add("Your kernel does not support cpuset or the cgroup is not mounted. Cpuset discarded.");
            return;
        }
        List<Integer> wanted;
        try {
            wanted = CpuList.parse(requested);
        } catch (IllegalArgumentException e) {
            throw bad("Invalid value " + requested + " for cpuset " + what + ": " + e.getMessage());
        }
        if (!CpuList.parse(available).containsAll(wanted)) {
            throw bad((what.equals("cpus") ? "Requested CPUs are not available" : "Requested memory nodes are not available")
                    + " - requested " + requested + ", available: " + available);
        }
    }

    private static void namespaces(HostConfig host) {
        String ipc = orEmpty(host.ipcMode());
        if (!Set.of("", "private", "shareable", "none", "host").contains(ipc) && !ipc.startsWith("container:")) {
            throw bad("invalid IPC mode: " + ipc);
        }
        if (ipc.equals("host") || ipc.startsWith("container:")) {
            throw bad("IpcMode \"" + ipc + "\" is not supported by Berth: a container has an IPC namespace of its own");
        }
        String pid = orEmpty(host.pidMode());
        if (!Set.of("", "private", "host").contains(pid) && !pid.startsWith("container:")) {
            throw bad("invalid PID mode: " + pid);
        }
        if (!pid.isEmpty() && !pid.equals("private")) {
            throw bad("PidMode \"" + pid + "\" is not supported by Berth: a container has a PID namespace of its own");
        }
        String uts = orEmpty(host.utsMode());
        if (!uts.isEmpty() && !uts.equals("host")) {
            throw bad("invalid UTS mode: " + uts);
        }
        if (uts.equals("host")) {
            throw bad("UTSMode \"host\" is not supported by Berth: a container has a UTS namespace of its own");
        }
        String userns = orEmpty(host.usernsMode());
        if (!userns.isEmpty() && !userns.equals("host")) {
            throw bad("UsernsMode \"" + userns + "\" is not supported by Berth: it does not remap users");
        }
        String cgroupns = orEmpty(host.cgroupnsMode());
        if (!Set.of("", "private", "host").contains(cgroupns)) {
            throw bad("invalid cgroup namespace mode: " + cgroupns);
        }
    }

    /** Fields Berth has no means to honour yet: refused, never ignored. */
    private static void unsupported(HostConfig host) {
        Resources r = host.resources();
        refuseIf(notEmpty(r.cgroupParent()), "CgroupParent is not supported by Berth: containers' cgroups live under /berth");
        refuseIf(r.blkioWeight() != 0 || notEmpty(r.blkioWeightDevice()) || notEmpty(r.blkioDeviceReadBps())
                || notEmpty(r.blkioDeviceWriteBps()) || notEmpty(r.blkioDeviceReadIOps())
                || notEmpty(r.blkioDeviceWriteIOps()), "Block I/O limits (BlkioWeight, BlkioDevice*) are not supported by Berth");
        refuseIf(r.ioMaximumBandwidth() != 0, "Invalid QoS settings: linux does not support configuration of maximum bandwidth");
        refuseIf(r.ioMaximumIOps() != 0, "Invalid QoS settings: linux does not support configuration of maximum IOPs");
        refuseIf(r.cpuRealtimePeriod() != 0 || r.cpuRealtimeRuntime() != 0,
                "CpuRealtimePeriod and CpuRealtimeRuntime are not supported by Berth");
        refuseIf(notEmpty(r.devices()), "Devices (--device) are not supported by Berth yet");
        refuseIf(notEmpty(r.deviceCgroupRules()), "DeviceCgroupRules (--device-cgroup-rule) are not supported by Berth yet");
        refuseIf(notEmpty(r.deviceRequests()), "DeviceRequests (--gpus) are not supported by Berth");
        refuseIf(r.kernelMemory() != 0 || r.kernelMemoryTcp() != 0,
                "KernelMemory and KernelMemoryTCP are not supported by Berth (kernel memory limits are deprecated)");
        refuseIf(notEmpty(host.cgroup()), "Cgroup (joining another container's cgroup) is not supported by Berth");
        String runtime = orEmpty(host.runtime());
        refuseIf(!runtime.isEmpty() && !runtime.equals("runc"), "Unknown runtime specified " + runtime);
        String isolation = orEmpty(host.isolation());
        refuseIf(!isolation.isEmpty() && !isolation.equals("default"), "invalid isolation '" + isolation + "' on linux");
        String driver = orEmpty(host.volumeDriver());
        refuseIf(!driver.isEmpty() && !driver.equals("local"), "VolumeDriver \"" + driver + "\" is not supported by Berth: only local");
        refuseIf(host.storageOpt() != null && !host.storageOpt().isEmpty(), "StorageOpt (--storage-opt) is not supported by Berth");
        refuseIf(notEmpty(host.links()), "Links (--link) are not supported by Berth: use a user-defined network");
        if (host.logConfig() != null) {
            String type = orEmpty(host.logConfig().type());
            refuseIf(!type.isEmpty() && !type.equals("json-file"),
                    "logging driver \"" + type + "\" is not supported by Berth: only json-file");
            Map<String, String> options = host.logConfig().config();
            refuseIf(options != null && !options.isEmpty(),
                    "log options are not supported by Berth yet: " + (options == null ? "" : String.join(", ", options.keySet())));
        }
    }

    /** runc's rule: only sysctls of a namespace the container has of its own. */
    private static void sysctls(HostConfig host) {
        if (host.sysctls() == null) {
            return;
        }
        for (String name : host.sysctls().keySet()) {
            if (IPC_NAMESPACED.contains(name) || name.startsWith("fs.mqueue.") || name.equals("kernel.domainname")) {
                continue;
            }
            if (name.startsWith("net.")) {
                if ("host".equals(host.networkMode())) {
                    throw bad("sysctl \"" + name + "\" is not allowed in the hosts network namespace");
                }
                continue;
            }
            if (name.equals("kernel.hostname")) {
                throw bad("sysctl \"kernel.hostname\" is not allowed as it conflicts with the OCI \"hostname\" field");
            }
            throw bad("sysctl \"" + name + "\" is not in a separate kernel namespace");
        }
    }

    private static void ulimits(List<Resources.Ulimit> ulimits) {
        for (Resources.Ulimit u : ulimits == null ? List.<Resources.Ulimit>of() : ulimits) {
            String name = u.name() == null ? "" : u.name().toLowerCase(Locale.ROOT);
            if (!SpecResources.ULIMITS.contains(name)) {
                throw bad("invalid ulimit type: " + u.name());
            }
            if (u.soft() < -1 || u.hard() < -1) {
                throw bad("invalid ulimit " + u.name() + ": -1 means unlimited, other values cannot be negative");
            }
            if (Long.compareUnsigned(u.soft(), u.hard()) > 0) {
                throw bad("ulimit soft limit must be less than or equal to hard limit: " + u.soft() + " > " + u.hard());
            }
        }
    }

    private static void refuseIf(boolean condition, String message) {
        if (condition) {
            throw bad(message);
        }
    }

    private static boolean notEmpty(List<?> list) {
        return list != null && !list.isEmpty();
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static DockerApiException bad(String message) {
        return DockerApiException.badRequest(message);
    }
}
