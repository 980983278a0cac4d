package dev.berth.gateway.container.runtime;

import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.ContainerConfig;
import dev.berth.gateway.container.HostConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OCI runtime spec of a container, as Docker's defaults make it (moby's oci/defaults.go and
 * daemon/oci_linux.go). A function of its inputs only; the layers are read for /etc/passwd.
 */
public final class OciSpecBuilder {
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    static final long DEFAULT_NOFILE = 1048576;

    static final List<String> DEFAULT_CAPABILITIES = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
            "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
            "CAP_AUDIT_WRITE");

    static final List<String> ALL_CAPABILITIES = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
            "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
            "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
            "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
            "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
            "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
            "CAP_CHECKPOINT_RESTORE");

    static final List<String> MASKED_PATHS = List.of(
            "/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
            "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap");

    static final List<String> READONLY_PATHS = List.of(
            "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    /**
     * Everything the spec depends on.
     *
     * @param rootfsLayers     the snapshot's directories, topmost first, for the user lookup
     * @param netnsPath        the sandbox's namespace; null for host networking or before the first start
     * @param nofileHardLimit  the gateway's own hard RLIMIT_NOFILE, the most a container may get
     */
    public record Input(ContainerRecord record, List<Path> rootfsLayers, String netnsPath, long nofileHardLimit,
            ContainerPaths paths) {}

    private OciSpecBuilder() {}

    public static OciSpec build(Input input) {
        ContainerRecord record = input.record();
        ContainerConfig config = record.config();
        HostConfig host = record.hostConfig();
        boolean privileged = host != null && host.privileged();
        boolean readonlyRoot = host != null && host.readonlyRootfs();
        boolean hostNetwork = record.networkMode().equals("host");

        UserResolver.ResolvedUser user = UserResolver.resolve(config.user(), input.rootfsLayers());
        List<String> args = new ArrayList<>();
        args.add(record.path());
        args.addAll(record.args());

        List<String> capabilities = privileged ? ALL_CAPABILITIES : DEFAULT_CAPABILITIES;
        long nofile = Math.min(DEFAULT_NOFILE, input.nofileHardLimit());
        OciSpec.Process process = new OciSpec.Process(
                config.tty(),
                new OciSpec.User(user.uid(), user.gid(), user.additionalGids().isEmpty() ? null : user.additionalGids()),
                args,
                environment(config),
                config.workingDir() == null || config.workingDir().isEmpty() ? "/" : config.workingDir(),
                new OciSpec.Capabilities(capabilities, capabilities, capabilities),
                List.of(new OciSpec.Rlimit("RLIMIT_NOFILE", nofile, nofile)),
                0,
                false);

        List<OciSpec.Namespace> namespaces = new ArrayList<>();
        namespaces.add(new OciSpec.Namespace("pid", null));
        namespaces.add(new OciSpec.Namespace("ipc", null));
        if (!hostNetwork) {
            namespaces.add(new OciSpec.Namespace("uts", null));
        }
        namespaces.add(new OciSpec.Namespace("mount", null));
        if (!hostNetwork) {
            namespaces.add(new OciSpec.Namespace("network", input.netnsPath()));
        }

        OciSpec.Linux linux = new OciSpec.Linux(
                new OciSpec.Resources(privileged ? List.of(new OciSpec.DeviceRule(true, null, null, null, "rwm")) : deviceRules()),
                "/berth/" + record.id(),
                namespaces,
                privileged ? null : MASKED_PATHS,
                privileged ? null : READONLY_PATHS);

        return new OciSpec("1.0.2", process, new OciSpec.Root("rootfs", readonlyRoot),
                hostNetwork ? null : config.hostname(), mounts(input, privileged, readonlyRoot), linux);
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

    private static List<OciSpec.Mount> mounts(Input input, boolean privileged, boolean readonlyRoot) {
        String id = input.record().id();
        List<OciSpec.Mount> mounts = new ArrayList<>(List.of(
                new OciSpec.Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
                new OciSpec.Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
                new OciSpec.Mount("/dev/pts", "devpts", "devpts",
                        List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
                new OciSpec.Mount("/sys", "sysfs", "sysfs",
                        List.of("nosuid", "noexec", "nodev", privileged ? "rw" : "ro")),
                new OciSpec.Mount("/sys/fs/cgroup", "cgroup", "cgroup",
                        List.of(privileged ? "rw" : "ro", "nosuid", "noexec", "nodev")),
                new OciSpec.Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
                new OciSpec.Mount("/dev/shm", "tmpfs", "shm",
                        List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k"))));
        List<String> etcOptions = readonlyRoot ? List.of("rbind", "rprivate", "ro") : List.of("rbind", "rprivate");
        mounts.add(new OciSpec.Mount("/etc/resolv.conf", "bind", input.paths().resolvConfFile(id).toString(), etcOptions));
        mounts.add(new OciSpec.Mount("/etc/hostname", "bind", input.paths().hostnameFile(id).toString(), etcOptions));
        mounts.add(new OciSpec.Mount("/etc/hosts", "bind", input.paths().hostsFile(id).toString(), etcOptions));
        HostConfig host = input.record().hostConfig();
        if (host != null && host.binds() != null) {
            for (String bind : host.binds()) {
                mounts.add(bindMount(bind));
            }
        }
        if (host != null && host.tmpfs() != null) {
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

    /** A HostConfig.Binds entry "/host/path:/container/path[:ro|rw]"; named volumes are not managed here. */
    static OciSpec.Mount bindMount(String bind) {
        String[] parts = bind.split(":");
        if (parts.length < 2 || parts.length > 3 || !parts[0].startsWith("/") || !parts[1].startsWith("/")) {
            throw DockerApiException.badRequest("invalid bind mount spec \"" + bind
                    + "\": only absolute host paths are supported (/host/path:/container/path[:ro])");
        }
        List<String> options = new ArrayList<>(List.of("rbind", "rprivate"));
        if (parts.length == 3) {
            for (String mode : parts[2].split(",")) {
                switch (mode) {
                    case "ro", "rw" -> options.add(mode);
                    case "z", "Z", "" -> { }
                    default -> throw DockerApiException.badRequest("invalid mode: " + parts[2]);
                }
            }
        }
        return new OciSpec.Mount(parts[1], "bind", parts[0], options);
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
