package dev.berth.gateway.container.runtime;

import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.HostConfig;
import dev.berth.gateway.container.Resources;
import dev.berth.gateway.system.CgroupInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * HostConfig's limits in the spec's terms, as moby's getMemoryResources, getCPUResources,
 * getPidsLimit, withRlimits and WithSysctls write them. Limits the host's cgroups cannot apply
 * are left out here; {@link HostConfigValidator} warned about them at create, as Docker does.
 */
final class SpecResources {
    static final long CFS_PERIOD_US = 100_000;
    /** go-units' ulimit names, which Docker accepts. */
    static final Set<String> ULIMITS = Set.of("core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice",
            "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");

    private SpecResources() {}

    static OciSpec.Memory memory(Resources r, CgroupInfo cgroups) {
        Long limit = r.memory() > 0 && cgroups.memoryLimit() ? r.memory() : null;
        Long swap = null;
        if (limit != null && cgroups.swapLimit()) {
            // MemorySwap is memory plus swap; unset means twice the memory, -1 unlimited (left unset)
            swap = r.memorySwap() > 0 ? Long.valueOf(r.memorySwap()) : r.memorySwap() == 0 ? Long.valueOf(2 * r.memory()) : null;
        }
        Long reservation = r.memoryReservation() > 0 && cgroups.memoryReservation() ? r.memoryReservation() : null;
        Long swappiness = r.memorySwappiness() != null && r.memorySwappiness() >= 0 && cgroups.memorySwappiness()
                ? r.memorySwappiness() : null;
        Boolean disableOom = Boolean.TRUE.equals(r.oomKillDisable()) && cgroups.oomKillDisable() ? Boolean.TRUE : null;
        if (limit == null && swap == null && reservation == null && swappiness == null && disableOom == null) {
            return null;
        }
        return new OciSpec.Memory(limit, reservation, swap, swappiness, disableOom);
    }

    static OciSpec.Cpu cpu(Resources r, CgroupInfo cgroups) {
        Long shares = r.cpuShares() > 0 && cgroups.cpuShares() ? r.cpuShares() : null;
        Long period = null;
        Long quota = null;
        if (cgroups.cpuCfs()) {
            if (r.nanoCpus() > 0) {
                period = CFS_PERIOD_US;
                quota = r.nanoCpus() * CFS_PERIOD_US / 1_000_000_000L;
            }
            if (r.cpuPeriod() != 0) {
                period = r.cpuPeriod();
            }
            if (r.cpuQuota() != 0) {
                quota = r.cpuQuota();
            }
        }
        String cpus = blankToNull(cgroups.cpuset() ? r.cpusetCpus() : null);
        String mems = blankToNull(cgroups.cpuset() ? r.cpusetMems() : null);
        if (shares == null && period == null && quota == null && cpus == null && mems == null) {
            return null;
        }
        return new OciSpec.Cpu(shares, quota, period, cpus, mems);
    }

    /** Docker allows 0 and negatives to mean "no limit"; runc's word for that is -1. */
    static OciSpec.Pids pids(Resources r, CgroupInfo cgroups) {
        if (r.pidsLimit() == null || !cgroups.pidsLimit()) {
            return null;
        }
        return new OciSpec.Pids(r.pidsLimit() <= 0 ? -1 : r.pidsLimit());
    }

    /** RLIMIT_NOFILE at Docker's default (within the daemon's own hard limit), then the client's --ulimit. */
    static List<OciSpec.Rlimit> rlimits(List<Resources.Ulimit> ulimits, long defaultNofile) {
        Map<String, OciSpec.Rlimit> byType = new LinkedHashMap<>();
        byType.put("RLIMIT_NOFILE", new OciSpec.Rlimit("RLIMIT_NOFILE", defaultNofile, defaultNofile));
        for (Resources.Ulimit u : ulimits == null ? List.<Resources.Ulimit>of() : ulimits) {
            String type = "RLIMIT_" + u.name().toUpperCase(Locale.ROOT);
            byType.put(type, new OciSpec.Rlimit(type, u.hard(), u.soft()));
        }
        return List.copyOf(byType.values());
    }

    /**
     * Docker's default sysctls for a container with a network namespace of its own (ping without
     * CAP_NET_RAW, any port without CAP_NET_BIND_SERVICE), then the client's, which win.
     */
    static Map<String, String> sysctls(HostConfig host, boolean ownNetwork, String kernelRelease) {
        Map<String, String> sysctls = new LinkedHashMap<>();
        if (ownNetwork) {
            sysctls.put("net.ipv4.ping_group_range", "0 2147483647");
            if (SeccompProfile.kernelAtLeast(kernelRelease, "4.11")) {
                sysctls.put("net.ipv4.ip_unprivileged_port_start", "0");
            }
        }
        if (host.sysctls() != null) {
            sysctls.putAll(host.sysctls());
        }
        return sysctls.isEmpty() ? null : sysctls;
    }

    /** GroupAdd as gids; a group name needs the image's /etc/group, which is not read here. */
    static List<Integer> groupAdd(List<String> groups) {
        if (groups == null || groups.isEmpty()) {
            return null;
        }
        List<Integer> gids = new ArrayList<>();
        for (String group : groups) {
            try {
                gids.add(Integer.parseInt(group.trim()));
            } catch (NumberFormatException e) {
                throw DockerApiException.badRequest("GroupAdd \"" + group
                        + "\": group names are not supported by Berth yet, give the numeric gid");
            }
        }
        return List.copyOf(gids);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
