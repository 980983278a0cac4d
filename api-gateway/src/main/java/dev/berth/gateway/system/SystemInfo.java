package dev.berth.gateway.system;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.gateway.BerthVersion;
import dev.berth.gateway.config.GatewaySettings;
import dev.berth.gateway.container.Container;
import dev.berth.gateway.http.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * GET /info's body (Docker's SystemInfo, API 1.41), every host fact read from the system:
 * /proc, /sys/fs/cgroup, /etc/os-release, runc itself. Docker's warnings for what the host
 * lacks are Docker's words.
 */
final class SystemInfo {
    private SystemInfo() {}

    static ObjectNode body(GatewaySettings settings, List<Container> containers, int images) {
        long running = containers.stream().filter(c -> c.state().running() && !c.state().paused()).count();
        long paused = containers.stream().filter(c -> c.state().paused()).count();
        CgroupInfo cgroups = CgroupInfo.read();
        boolean ipv4Forwarding = HostFacts.sysctlEnabled("net.ipv4.ip_forward");
        boolean nfIptables = HostFacts.sysctlEnabled("net.bridge.bridge-nf-call-iptables");
        boolean nfIp6tables = HostFacts.sysctlEnabled("net.bridge.bridge-nf-call-ip6tables");
        RuncInfo runc = RuncInfo.of(settings.runcBinary());

        ObjectNode body = Json.object();
        body.put("ID", EngineId.load(settings.root()))
                .put("Containers", containers.size())
                .put("ContainersRunning", running)
                .put("ContainersPaused", paused)
                .put("ContainersStopped", containers.size() - running - paused)
                .put("Images", images)
                .put("Driver", "overlayfs");
        body.putArray("DriverStatus");
        ObjectNode plugins = body.putObject("Plugins");
        plugins.putArray("Volume").add("local");
        plugins.putArray("Network").add("bridge").add("host").add("null");
        plugins.putArray("Authorization");
        plugins.putArray("Log").add("json-file");
        body.put("MemoryLimit", cgroups.memoryLimit())
                .put("SwapLimit", cgroups.swapLimit())
                .put("KernelMemory", false) // Berth refuses KernelMemory, whatever the kernel offers
                .put("KernelMemoryTCP", false)
                .put("CpuCfsPeriod", cgroups.cpuCfs())
                .put("CpuCfsQuota", cgroups.cpuCfs())
                .put("CPUShares", cgroups.cpuShares())
                .put("CPUSet", cgroups.cpuset())
                .put("PidsLimit", cgroups.pidsLimit())
                .put("OomKillDisable", cgroups.oomKillDisable())
                .put("IPv4Forwarding", ipv4Forwarding)
                .put("BridgeNfIptables", nfIptables)
                .put("BridgeNfIp6tables", nfIp6tables)
                .put("Debug", false)
                .put("NFd", openFileDescriptors())
                .put("NGoroutines", Thread.activeCount())
                .put("SystemTime", Instant.now().toString())
                .put("LoggingDriver", "json-file")
                .put("CgroupDriver", "cgroupfs")
                .put("CgroupVersion", String.valueOf(cgroups.version()))
                .put("NEventsListener", 0)
                .put("KernelVersion", HostFacts.kernelVersion())
                .put("OperatingSystem", HostFacts.operatingSystem())
                .put("OSVersion", HostFacts.osVersion())
                .put("OSType", "linux")
                .put("Architecture", HostFacts.machine())
                .put("IndexServerAddress", "https://index.docker.io/v1/");
        registry(body.putObject("RegistryConfig"));
        body.put("NCPU", HostFacts.cpus())
                .put("MemTotal", HostFacts.memTotal())
                .putNull("GenericResources");
        body.put("DockerRootDir", settings.root().toString())
                .put("HttpProxy", "").put("HttpsProxy", "").put("NoProxy", "")
                .put("Name", HostFacts.hostname());
        body.putArray("Labels");
        body.put("ExperimentalBuild", false)
                .put("ServerVersion", BerthVersion.ENGINE_COMPAT_VERSION);
        body.putObject("Runtimes").putObject("runc").put("path", settings.runcBinary());
        body.put("DefaultRuntime", "runc");
        ObjectNode swarm = body.putObject("Swarm");
        swarm.put("NodeID", "").put("NodeAddr", "").put("LocalNodeState", "inactive")
                .put("ControlAvailable", false).put("Error", "").putNull("RemoteManagers");
        body.put("LiveRestoreEnabled", true)
                .put("Isolation", "")
                .put("InitBinary", "")
                .put("ProductLicense", "");
        body.putObject("ContainerdCommit").put("ID", "").put("Expected", "");
        body.putObject("RuncCommit").put("ID", runc.commit()).put("Expected", runc.commit());
        body.putObject("InitCommit").put("ID", "").put("Expected", "");
        ArrayNode security = body.putArray("SecurityOptions").add("name=seccomp,profile=default");
        if (cgroups.version() == 2) {
            security.add("name=cgroupns");
        }
        warnings(body.putArray("Warnings"), cgroups, ipv4Forwarding, nfIptables, nfIp6tables);
        return body;
    }

    private static void registry(ObjectNode registry) {
        registry.putArray("AllowNondistributableArtifactsCIDRs");
        registry.putArray("AllowNondistributableArtifactsHostnames");
        registry.putArray("InsecureRegistryCIDRs").add("127.0.0.0/8");
        ObjectNode dockerIo = registry.putObject("IndexConfigs").putObject("docker.io");
        dockerIo.put("Name", "docker.io").put("Secure", true).put("Official", true).putArray("Mirrors");
        registry.putArray("Mirrors");
    }

    /** What Docker's daemon warns of in /info when the host lacks it. */
    private static void warnings(ArrayNode warnings, CgroupInfo cgroups, boolean ipv4Forwarding, boolean nfIptables,
            boolean nfIp6tables) {
        if (!cgroups.memoryLimit()) {
            warnings.add("WARNING: No memory limit support");
        }
        if (!cgroups.swapLimit()) {
            warnings.add("WARNING: No swap limit support");
        }
        if (!cgroups.cpuCfs()) {
            warnings.add("WARNING: No cpu cfs quota support");
            warnings.add("WARNING: No cpu cfs period support");
        }
        if (!cgroups.cpuShares()) {
            warnings.add("WARNING: No cpu shares support");
        }
        if (!cgroups.cpuset()) {
            warnings.add("WARNING: No cpuset support");
        }
        if (!ipv4Forwarding) {
            warnings.add("WARNING: IPv4 forwarding is disabled");
        }
        if (!nfIptables) {
            warnings.add("WARNING: bridge-nf-call-iptables is disabled");
        }
        if (!nfIp6tables) {
            warnings.add("WARNING: bridge-nf-call-ip6tables is disabled");
        }
    }

    private static int openFileDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            return 0;
        }
    }
}
