package dev.berth.gateway.container.runtime;

import dev.berth.gateway.container.ContainerConfig;
import dev.berth.gateway.container.HostConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OCI runtime spec of a container, as Docker's defaults make it (moby's oci/defaults.go and
 * daemon/oci_linux.go): Docker's capabilities, masked and read-only paths, device rules and
 * default seccomp profile, with HostConfig's limits and security options applied. A function of
 * its inputs only (the host's facts come in as {@link HostPlatform}). The user is left as root
 * here: the shim resolves Config.User against the image's /etc/passwd where the rootfs is mounted.
 */
public final class OciSpecBuilder {
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    static final long DEFAULT_NOFILE = 1048576;
    /** Docker's default /dev/shm: 64 MiB. */
    static final long DEFAULT_SHM_SIZE = 64L * 1024 * 1024;

    static final List<String> DEFAULT_CAPABILITIES = LinuxCapabilities.DEFAULT;

    /** Everything this daemon holds: what a privileged process gets (used for privileged execs too). */
    static final List<String> ALL_CAPABILITIES = HostPlatform.facts().capabilities();

    /** Docker's masked paths; /proc/interrupts since GHSA-6fw5-f8r9-fgfm. */
    static final List<String> MASKED_PATHS = List.of(
            "/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
            "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware",
            "/sys/devices/virtual/powercap");

    static final List<String> READONLY_PATHS = List.of(
            "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    /**
     * Everything the spec depends on.
     *
     * @param netnsPath        the sandbox's namespace; null for host networking or before the first start
     * @param nofileHardLimit  the gateway's own hard RLIMIT_NOFILE, the most a container may get
     * @param platform         the host's facts: architecture, kernel, capabilities, cgroups, devices
     */
    public record Input(ContainerRecord record, String netnsPath, long nofileHardLimit, ContainerPaths paths,
            HostPlatform platform) {

        /** On this host, as it is now; /dev is walked only for a privileged container, the one that gets it. */
        public Input(ContainerRecord record, String netnsPath, long nofileHardLimit, ContainerPaths paths) {
            this(record, netnsPath, nofileHardLimit, paths, record.hostConfig() != null && record.hostConfig().privileged()
                    ? HostPlatform.current() : HostPlatform.facts());
        }
    }

    private OciSpecBuilder() {}

    public static OciSpec build(Input input) {
        ContainerRecord record = input.record();
        ContainerConfig config = record.config();
        HostConfig host = record.hostConfig() == null ? HostConfig.defaults() : record.hostConfig();
        HostPlatform platform = input.platform();
        boolean privileged = host.privileged();
        boolean hostNetwork = record.networkMode().equals("host");
        SecurityOptions security = SecurityOptions.parse(host.securityOpt());

        List<String> args = new ArrayList<>();
        if (InitBinary.wanted(host.init())) {
            args.addAll(List.of(InitBinary.CONTAINER_PATH, "--"));
        }
        args.add(record.path());
        args.addAll(record.args());

        List<String> capabilities = LinuxCapabilities.resolve(privileged, host.capAdd(), host.capDrop(),
                platform.capabilities());
        long nofile = Math.min(DEFAULT_NOFILE, input.nofileHardLimit());
        OciSpec.Process process = new OciSpec.Process(
                config.tty(),
                new OciSpec.User(0, 0, SpecResources.groupAdd(host.groupAdd())),
                args,
                environment(config),
                config.workingDir() == null || config.workingDir().isEmpty() ? "/" : config.workingDir(),
                new OciSpec.Capabilities(capabilities, capabilities, capabilities),
                SpecResources.rlimits(host.resources().ulimits(), nofile),
                host.oomScoreAdj(),
                security.noNewPrivileges());

        OciSpec.Resources resources = new OciSpec.Resources(
                privileged ? List.of(new OciSpec.DeviceRule(true, null, null, null, "rwm")) : deviceRules(),
                SpecResources.memory(host.resources(), platform.cgroups()),
                SpecResources.cpu(host.resources(), platform.cgroups()),
                SpecResources.pids(host.resources(), platform.cgroups()));
        OciSpec.Linux linux = new OciSpec.Linux(
                resources,
                "/berth/" + record.id(),
                namespaces(host, hostNetwork, input.netnsPath(), platform),
                privileged ? null : host.maskedPaths() != null ? host.maskedPaths() : MASKED_PATHS,
                privileged ? null : host.readonlyPaths() != null ? host.readonlyPaths() : READONLY_PATHS,
                SpecResources.sysctls(host, !hostNetwork, platform.kernelRelease()),
                seccomp(security, privileged, capabilities, platform),
                privileged && !platform.devices().isEmpty() ? platform.devices() : null);

        return new OciSpec("1.0.2", process, new OciSpec.Root("rootfs", host.readonlyRootfs()),
                hostNetwork ? null : config.hostname(), mounts(input, host), linux);
    }

    /**
     * Docker's WithSeccomp: none when unconfined; none for a privileged container unless it
     * brought a profile of its own; else the client's profile or the default, with their
     * conditional rules resolved for these capabilities.
     */
    static OciSpec.Seccomp seccomp(SecurityOptions security, boolean privileged, List<String> capabilities,
            HostPlatform platform) {
        if (security.unconfined() || (privileged && !security.customProfile())) {
            return null;
        }
        return security.customProfile()
                ? SeccompProfile.load(security.seccomp(), capabilities, platform)
                : SeccompProfile.defaultFor(capabilities, platform);
    }

    /** moby's CreateDaemonEnvironment: PATH, HOSTNAME and TERM first, then the container's, replacing by name. */
    static List<String> environment(ContainerConfig config) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "PATH=" + DEFAULT_PATH);
        env.put("HOSTNAME", "HOSTNAME=" + (config.hostname() == null ? "" : config.hostname()));
        if (config.tty()) {
            env.put("TERM", "TERM=xterm");
        }
        if (config.env() != null) {
            for (String variable : config.env()) {
                if (variable.contains("=")) {
                    env.put(ConfigMerger.envKey(variable), variable);
                } else {
                    env.remove(variable); // a bare name unsets the variable, as Docker does
                }
            }
        }
        return List.copyOf(env.values());
    }

    /**
     * pid, ipc, uts, mount and network of its own (none of uts and network with host networking);
     * a cgroup namespace when CgroupnsMode asks for one, or by default on cgroup v2 as Docker does.
     */
    private static List<OciSpec.Namespace> namespaces(HostConfig host, boolean hostNetwork, String netnsPath,
            HostPlatform platform) {
        List<OciSpec.Namespace> namespaces = new ArrayList<>();
        namespaces.add(new OciSpec.Namespace("pid", null));
        namespaces.add(new OciSpec.Namespace("ipc", null));
        if (!hostNetwork) {
            namespaces.add(new OciSpec.Namespace("uts", null));
        }
        namespaces.add(new OciSpec.Namespace("mount", null));
        if (!hostNetwork) {
            namespaces.add(new OciSpec.Namespace("network", netnsPath));
        }
        String cgroupns = host.cgroupnsMode() == null ? "" : host.cgroupnsMode();
        if (cgroupns.equals("private") || (cgroupns.isEmpty() && platform.cgroups().version() == 2)) {
            namespaces.add(new OciSpec.Namespace("cgroup", null));
        }
        return namespaces;
    }

    private static List<OciSpec.Mount> mounts(Input input, HostConfig host) {
        List<OciSpec.Mount> mounts = systemMounts(input, host);
        if (InitBinary.wanted(host.init())) {
            // create refuses --init when no init binary is installed, so it is there
            InitBinary.find().ifPresent(init -> mounts.add(new OciSpec.Mount(InitBinary.CONTAINER_PATH, "bind",
                    init.toString(), List.of("bind", "ro"))));
        }
        return mounts;
    }

    private static List<OciSpec.Mount> systemMounts(Input input, HostConfig host) {
        String id = input.record().id();
        boolean privileged = host.privileged();
        List<OciSpec.Mount> mounts = new ArrayList<>(List.of(
                new OciSpec.Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
                new OciSpec.Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
                new OciSpec.Mount("/dev/pts", "devpts", "devpts",
                        List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
                new OciSpec.Mount("/sys", "sysfs", "sysfs",
                        List.of("nosuid", "noexec", "nodev", privileged ? "rw" : "ro")),
                new OciSpec.Mount("/sys/fs/cgroup", "cgroup", "cgroup",
                        List.of(privileged ? "rw" : "ro", "nosuid", "noexec", "nodev")),
                new OciSpec.Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev"))));
        if (!"none".equals(host.ipcMode())) {
            long shmSize = host.shmSize() > 0 ? host.shmSize() : DEFAULT_SHM_SIZE;
            mounts.add(new OciSpec.Mount("/dev/shm", "tmpfs", "shm",
                    List.of("nosuid", "noexec", "nodev", "mode=1777", "size=" + shmSize)));
        }
        List<String> etcOptions = host.readonlyRootfs() ? List.of("rbind", "rprivate", "ro") : List.of("rbind", "rprivate");
        mounts.add(new OciSpec.Mount("/etc/resolv.conf", "bind", input.paths().resolvConfFile(id).toString(), etcOptions));
        mounts.add(new OciSpec.Mount("/etc/hostname", "bind", input.paths().hostnameFile(id).toString(), etcOptions));
        mounts.add(new OciSpec.Mount("/etc/hosts", "bind", input.paths().hostsFile(id).toString(), etcOptions));
        // Binds, Mounts, VolumesFrom and volumes: planned at create (volume.MountPlanner), added by ContainerTasks
        if (host.tmpfs() != null) {
            host.tmpfs().forEach((target, options) -> {
                List<String> opts = new ArrayList<>(List.of("nosuid", "nodev", "noexec"));
                if (options != null && !options.isBlank()) {
                    opts.addAll(List.of(options.split(",")));
                }
                mounts.add(new OciSpec.Mount(target, "tmpfs", "tmpfs", opts));
            });
        }
        return mounts;
    }

    /** Deny every device, then allow the ones a container needs, as Docker's default cgroup rules do. */
    private static List<OciSpec.DeviceRule> deviceRules() {
        return List.of(
                new OciSpec.DeviceRule(false, null, null, null, "rwm"),
                new OciSpec.DeviceRule(true, "c", null, null, "m"),
                new OciSpec.DeviceRule(true, "b", null, null, "m"),
                allow(1, 3L),   // /dev/null
                allow(1, 5L),   // /dev/zero
                allow(1, 7L),   // /dev/full
                allow(1, 8L),   // /dev/random
                allow(1, 9L),   // /dev/urandom
                allow(5, 0L),   // /dev/tty
                allow(5, 1L),   // /dev/console
                allow(5, 2L),   // /dev/ptmx
                allow(136, null)); // /dev/pts/*
    }

    private static OciSpec.DeviceRule allow(long major, Long minor) {
        return new OciSpec.DeviceRule(true, "c", major, minor, "rwm");
    }
}
