package dev.berth.gateway.container.runtime;

import dev.berth.gateway.system.CgroupInfo;
import dev.berth.gateway.system.HostFacts;
import java.util.List;

/**
 * The host facts a container's spec and its validation depend on, gathered in one value so the
 * spec builder stays a function of its inputs (tests pass their own).
 *
 * @param goArch        the architecture in Go's words ("amd64"): seccomp profiles name arches so
 * @param kernelRelease e.g. "6.1.0-18-amd64", for profile rules with a minKernel
 * @param cpus          the CPUs the daemon may use (Docker's NCPU), the most NanoCpus may ask
 * @param onlineCpus    the host's online CPU list ("0-1"), what CpusetCpus may name
 * @param onlineMems    the host's online memory nodes ("0"), what CpusetMems may name
 * @param capabilities  what the daemon holds: "all capabilities" for a container
 * @param cgroups       what the cgroups can limit
 * @param devices       the host's devices, which a privileged container gets; empty when not gathered
 */
public record HostPlatform(String goArch, String kernelRelease, int cpus, String onlineCpus, String onlineMems,
        List<String> capabilities, CgroupInfo cgroups, List<OciSpec.Device> devices) {

    private static volatile HostPlatform facts;

    /** The facts that do not change while the daemon runs, read once; no device list. */
    public static HostPlatform facts() {
        HostPlatform known = facts;
        if (known == null) {
            known = new HostPlatform(HostFacts.goArch(), HostFacts.kernelVersion(), HostFacts.cpus(),
                    HostFacts.onlineCpus(), HostFacts.onlineMems(), LinuxCapabilities.ofThisProcess(),
                    CgroupInfo.read(), List.of());
            facts = known;
        }
        return known;
    }

    /** The facts with the host's devices as they are now, for building a spec. */
    public static HostPlatform current() {
        return facts().withDevices(HostDevices.scan());
    }

    public HostPlatform withDevices(List<OciSpec.Device> hostDevices) {
        return new HostPlatform(goArch, kernelRelease, cpus, onlineCpus, onlineMems, capabilities, cgroups, hostDevices);
    }
}
