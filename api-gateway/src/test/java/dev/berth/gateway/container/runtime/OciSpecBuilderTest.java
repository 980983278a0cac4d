package dev.berth.gateway.container.runtime;

import static dev.berth.gateway.container.runtime.SpecFixtures.ID;
import static dev.berth.gateway.container.runtime.SpecFixtures.allowed;
import static dev.berth.gateway.container.runtime.SpecFixtures.build;
import static dev.berth.gateway.container.runtime.SpecFixtures.host;
import static dev.berth.gateway.container.runtime.SpecFixtures.platform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.http.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciSpecBuilderTest {
    @TempDir Path tmp;

    private OciSpec network(String networkMode, String netns, long nofile) {
        return OciSpecBuilder.build(new OciSpecBuilder.Input(Fixtures.record(ID, "x",
                Fixtures.config("", List.of("FOO=bar"), "", false), Fixtures.host(networkMode, false, false)),
                netns, nofile, SpecFixtures.paths(tmp), platform()));
    }

    private OciSpec spec(String hostConfigJson) {
        return build(host(hostConfigJson), tmp);
    }

    @Test
    void processOfDockersDefaults() {
        OciSpec spec = network("bridge", "/run/netns/x", 1 << 30);
        assertEquals("1.0.2", spec.ociVersion());
        assertEquals(List.of("echo", "hi"), spec.process().args());
        assertEquals(List.of("PATH=" + OciSpecBuilder.DEFAULT_PATH, "HOSTNAME=abc123def456", "FOO=bar"), spec.process().env());
        assertEquals("/", spec.process().cwd());
        assertFalse(spec.process().terminal());
        assertEquals(new OciSpec.User(0, 0, null), spec.process().user(), "the shim resolves Config.User");
        assertEquals(LinuxCapabilities.DEFAULT, spec.process().capabilities().bounding());
        assertEquals(spec.process().capabilities().bounding(), spec.process().capabilities().effective());
        assertEquals(0, spec.process().oomScoreAdj());
        assertFalse(spec.process().noNewPrivileges());
        assertEquals("rootfs", spec.root().path());
        assertFalse(spec.root().readonly());
        assertEquals("abc123def456", spec.hostname());
        assertEquals("/berth/" + ID, spec.linux().cgroupsPath());
        assertTrue(spec.linux().maskedPaths().contains("/proc/kcore"));
        assertTrue(spec.linux().readonlyPaths().contains("/proc/sys"));
        OciSpec.DeviceRule denyAll = spec.linux().resources().devices().getFirst();
        assertFalse(denyAll.allow());
        assertEquals("rwm", denyAll.access());
        assertTrue(spec.linux().resources().devices().stream()
                .anyMatch(d -> d.allow() && Long.valueOf(1).equals(d.major()) && Long.valueOf(3).equals(d.minor())));
        assertNull(spec.linux().resources().memory(), "no limits asked, none set");
        assertNull(spec.linux().resources().cpu());
        assertNull(spec.linux().resources().pids());
        assertNull(spec.linux().devices());
        assertEquals(Map.of("net.ipv4.ping_group_range", "0 2147483647", "net.ipv4.ip_unprivileged_port_start", "0"),
                spec.linux().sysctl(), "Docker's sysctls for a network namespace of its own");
    }

    @Test
    void rlimitIsCappedByTheHostsHardLimit() {
        assertEquals(1048576, network("bridge", null, Long.MAX_VALUE).process().rlimits().getFirst().hard());
        OciSpec.Rlimit capped = network("bridge", null, 4096).process().rlimits().getFirst();
        assertEquals("RLIMIT_NOFILE", capped.type());
        assertEquals(4096, capped.hard());
        assertEquals(4096, capped.soft());
    }

    @Test
    void namespacesFollowTheNetworkMode() {
        OciSpec bridge = network("bridge", "/run/berth/netns/x", 1024);
        assertEquals(List.of("pid", "ipc", "uts", "mount", "network"),
                bridge.linux().namespaces().stream().map(OciSpec.Namespace::type).toList());
        assertEquals("/run/berth/netns/x", bridge.linux().namespaces().getLast().path());

        OciSpec none = network("none", "/run/berth/netns/y", 1024);
        assertEquals("/run/berth/netns/y", none.linux().namespaces().getLast().path());

        OciSpec host = network("host", null, 1024);
        assertEquals(List.of("pid", "ipc", "mount"), host.linux().namespaces().stream().map(OciSpec.Namespace::type).toList());
        assertNull(host.hostname(), "without a UTS namespace runc refuses a hostname");
        assertNull(host.linux().sysctl(), "no net.* sysctl may touch the host's network namespace");
    }

    @Test
    void cgroupNamespaceAsAskedOrByDefaultOnV2() {
        assertFalse(types(spec("{}")).contains("cgroup"), "v1: Docker's default is the host's cgroup namespace");
        assertTrue(types(spec("{\"CgroupnsMode\":\"private\"}")).contains("cgroup"));
        OciSpec v2 = build(host("{}"), tmp, SpecFixtures.platform("amd64", "6.1.0", LinuxCapabilities.KNOWN, SpecFixtures.V2));
        assertTrue(types(v2).contains("cgroup"));
        OciSpec v2Host = build(host("{\"CgroupnsMode\":\"host\"}"), tmp,
                SpecFixtures.platform("amd64", "6.1.0", LinuxCapabilities.KNOWN, SpecFixtures.V2));
        assertFalse(types(v2Host).contains("cgroup"));
    }

    private static List<String> types(OciSpec spec) {
        return spec.linux().namespaces().stream().map(OciSpec.Namespace::type).toList();
    }

    @Test
    void mountsAreDockersAndTheContainersEtcFiles() {
        List<OciSpec.Mount> mounts = network("bridge", null, 1024).mounts();
        List<String> destinations = mounts.stream().map(OciSpec.Mount::destination).toList();
        assertEquals(List.of("/proc", "/dev", "/dev/pts", "/sys", "/sys/fs/cgroup", "/dev/mqueue", "/dev/shm",
                "/etc/resolv.conf", "/etc/hostname", "/etc/hosts"), destinations);
        OciSpec.Mount shm = mounts.get(6);
        assertEquals("tmpfs", shm.type());
        assertTrue(shm.options().contains("size=67108864"), "Docker's 64 MiB");
        OciSpec.Mount hosts = mounts.getLast();
        assertEquals("bind", hosts.type());
        assertEquals(SpecFixtures.paths(tmp).hostsFile(ID).toString(), hosts.source());
        assertEquals(List.of("rbind", "rprivate"), hosts.options());
        assertTrue(mounts.get(3).options().contains("ro"), "sysfs is read-only");
    }

    @Test
    void shmSizeAndIpcNone() {
        OciSpec.Mount shm = spec("{\"ShmSize\":134217728}").mounts().stream()
                .filter(m -> m.destination().equals("/dev/shm")).findFirst().orElseThrow();
        assertTrue(shm.options().contains("size=134217728"));
        assertTrue(spec("{\"IpcMode\":\"none\"}").mounts().stream().noneMatch(m -> m.destination().equals("/dev/shm")));
    }

    @Test
    void ttyWorkingDirReadonlyAndPrivileged() {
        ContainerRecord record = Fixtures.record(ID, "x",
                Fixtures.config("", List.of("PATH=/bin", "HOSTNAME"), "/work", true), Fixtures.host("bridge", true, true));
        List<String> held = LinuxCapabilities.KNOWN.stream().filter(c -> !c.equals("CAP_SYS_RESOURCE")).toList();
        HostPlatform platform = SpecFixtures.platform("amd64", "6.1.0", held, SpecFixtures.V1_ALL);
        OciSpec spec = OciSpecBuilder.build(new OciSpecBuilder.Input(record, null, 1024, SpecFixtures.paths(tmp), platform));
        assertTrue(spec.process().terminal());
        assertEquals(List.of("PATH=/bin", "TERM=xterm"), spec.process().env(), "PATH replaced, a bare name unsets");
        assertEquals("/work", spec.process().cwd());
        assertTrue(spec.root().readonly());
        assertEquals(held, spec.process().capabilities().bounding(), "all the daemon holds, never more");
        assertNull(spec.linux().maskedPaths());
        assertNull(spec.linux().readonlyPaths());
        assertNull(spec.linux().seccomp(), "privileged runs without seccomp");
        assertTrue(spec.linux().resources().devices().getFirst().allow());
        assertEquals(List.of(SpecFixtures.FUSE), spec.linux().devices(), "the host's devices");
        assertTrue(spec.mounts().getLast().options().contains("ro"));
    }

    @Test
    void seccompIsDockersDefaultProfile() {
        OciSpec.Seccomp seccomp = spec("{}").linux().seccomp();
        assertNotNull(seccomp);
        assertEquals("SCMP_ACT_ERRNO", seccomp.defaultAction());
        assertEquals(1, seccomp.defaultErrnoRet(), "EPERM");
        assertEquals(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"), seccomp.architectures());
        List<String> allowed = allowed(seccomp);
        for (String call : List.of("read", "write", "openat", "execve", "clock_gettime", "arch_prctl", "ptrace", "chroot")) {
            assertTrue(allowed.contains(call), call);
        }
        for (String call : List.of("unshare", "mount", "umount2", "setns", "bpf", "reboot", "kexec_load", "open_by_handle_at",
                "init_module", "settimeofday", "clone", "clone3", "keyctl", "add_key", "userfaultfd", "io_uring_setup")) {
            assertFalse(allowed.contains(call), call + " needs a capability the default set lacks, or is never allowed");
        }
        OciSpec.Syscall clone = rule(seccomp, "clone");
        assertEquals(List.of(new OciSpec.SeccompArg(0, 0x7E020000L, 0, "SCMP_CMP_MASKED_EQ")), clone.args(),
                "clone without any CLONE_NEW* flag");
        OciSpec.Syscall clone3 = rule(seccomp, "clone3");
        assertEquals("SCMP_ACT_ERRNO", clone3.action());
        assertEquals(38, clone3.errnoRet(), "ENOSYS, so libc falls back to clone");
        assertEquals(3, seccomp.syscalls().stream().filter(s -> s.names().equals(List.of("socket"))).count(),
                "AF_ALG and AF_VSOCK refused");
    }

    private static OciSpec.Syscall rule(OciSpec.Seccomp seccomp, String name) {
        List<OciSpec.Syscall> rules = seccomp.syscalls().stream().filter(s -> s.names().contains(name)).toList();
        assertEquals(1, rules.size(), name + ": " + rules);
        return rules.getFirst();
    }

    @Test
    void seccompRulesFollowTheFinalCapabilities() {
        OciSpec.Seccomp admin = spec("{\"CapAdd\":[\"SYS_ADMIN\"]}").linux().seccomp();
        List<String> allowed = allowed(admin);
        assertTrue(allowed.containsAll(List.of("unshare", "mount", "setns", "clone", "clone3")));
        assertTrue(admin.syscalls().stream().noneMatch(s -> s.args() != null && s.names().contains("clone")),
                "no clone flag filter with CAP_SYS_ADMIN");
        assertTrue(admin.syscalls().stream().noneMatch(s -> s.action().equals("SCMP_ACT_ERRNO")));

        assertFalse(allowed(spec("{\"CapDrop\":[\"SYS_CHROOT\"]}").linux().seccomp()).contains("chroot"));
        assertTrue(allowed(spec("{\"CapAdd\":[\"CAP_SYS_TIME\"]}").linux().seccomp()).contains("settimeofday"));
    }

    @Test
    void seccompFollowsArchitectureAndKernel() {
        OciSpec.Seccomp arm = build(host("{}"), tmp,
                SpecFixtures.platform("arm64", "6.1.0", LinuxCapabilities.KNOWN, SpecFixtures.V1_ALL)).linux().seccomp();
        assertEquals(List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"), arm.architectures());
        assertFalse(allowed(arm).contains("arch_prctl"));
        assertTrue(allowed(arm).contains("set_tls"));

        OciSpec.Seccomp old = build(host("{}"), tmp,
                SpecFixtures.platform("amd64", "4.4.0-generic", LinuxCapabilities.KNOWN, SpecFixtures.V1_ALL)).linux().seccomp();
        assertFalse(allowed(old).contains("ptrace"), "ptrace only from kernel 4.8 without CAP_SYS_PTRACE");
    }

    @Test
    void securityOptions() {
        assertNull(spec("{\"SecurityOpt\":[\"seccomp=unconfined\"]}").linux().seccomp());
        assertNull(spec("{\"SecurityOpt\":[\"seccomp:unconfined\"]}").linux().seccomp(), "the deprecated form");
        assertNotNull(spec("{\"SecurityOpt\":[\"seccomp=builtin\"]}").linux().seccomp());
        assertTrue(spec("{\"SecurityOpt\":[\"no-new-privileges\"]}").process().noNewPrivileges());
        assertTrue(spec("{\"SecurityOpt\":[\"no-new-privileges=true\"]}").process().noNewPrivileges());
        assertFalse(spec("{\"SecurityOpt\":[\"no-new-privileges=false\"]}").process().noNewPrivileges());
        assertNotNull(spec("{\"SecurityOpt\":[\"label=disable\",\"apparmor=unconfined\"]}").linux().seccomp());
    }

    @Test
    void customProfileIsApplied() {
        String profile = "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"chmod\",\"fchmodat\"],"
                + "\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":13},{\"name\":\"mount\",\"action\":\"SCMP_ACT_KILL\","
                + "\"includes\":{\"caps\":[\"CAP_SYS_ADMIN\"]}}]}";
        String json = "{\"SecurityOpt\":[" + Json.MAPPER.valueToTree("seccomp=" + profile) + "]}";
        OciSpec.Seccomp seccomp = spec(json).linux().seccomp();
        assertEquals("SCMP_ACT_ALLOW", seccomp.defaultAction());
        assertNull(seccomp.architectures(), "none listed: libseccomp takes the native one");
        assertEquals(List.of(new OciSpec.Syscall(List.of("chmod", "fchmodat"), "SCMP_ACT_ERRNO", 13, null)),
                seccomp.syscalls(), "the CAP_SYS_ADMIN rule is dropped: the container lacks it");

        String privileged = "{\"Privileged\":true,\"SecurityOpt\":[" + Json.MAPPER.valueToTree("seccomp=" + profile) + "]}";
        assertEquals(2, spec(privileged).linux().seccomp().syscalls().size(), "a privileged container's own profile applies");
    }

    @Test
    void capabilitiesAddAndDrop() {
        List<String> caps = spec("{\"CapAdd\":[\"NET_ADMIN\",\"cap_sys_time\"],\"CapDrop\":[\"MKNOD\",\"CAP_NET_RAW\"]}")
                .process().capabilities().bounding();
        assertTrue(caps.containsAll(List.of("CAP_NET_ADMIN", "CAP_SYS_TIME", "CAP_CHOWN")));
        assertFalse(caps.contains("CAP_MKNOD"));
        assertFalse(caps.contains("CAP_NET_RAW"));
        assertEquals(List.of("CAP_CHOWN"), spec("{\"CapDrop\":[\"ALL\"],\"CapAdd\":[\"chown\"]}").process().capabilities().bounding());
        List<String> all = spec("{\"CapAdd\":\"ALL\",\"CapDrop\":[\"SYS_ADMIN\"]}").process().capabilities().bounding();
        assertEquals(LinuxCapabilities.KNOWN.size() - 1, all.size(), "a single string is an array of one, as Docker's strslice");
        assertFalse(all.contains("CAP_SYS_ADMIN"));
        DockerApiException unknown = assertThrows(DockerApiException.class, () -> spec("{\"CapAdd\":[\"FOO\"]}"));
        assertEquals("unknown capability: \"CAP_FOO\"", unknown.getMessage());
    }

    @Test
    void memoryLimitsAsDockerWritesThem() {
        OciSpec.Memory memory = spec("{\"Memory\":67108864,\"MemoryReservation\":33554432,\"MemorySwappiness\":10,"
                + "\"OomKillDisable\":true}").linux().resources().memory();
        assertEquals(67108864L, memory.limit());
        assertEquals(134217728L, memory.swap(), "unset MemorySwap: twice the memory, as Docker");
        assertEquals(33554432L, memory.reservation());
        assertEquals(10L, memory.swappiness());
        assertTrue(memory.disableOOMKiller());
        assertEquals(100_000_000L, spec("{\"Memory\":67108864,\"MemorySwap\":100000000}").linux().resources().memory().swap());
        assertNull(spec("{\"Memory\":67108864,\"MemorySwap\":-1}").linux().resources().memory().swap(), "-1: unlimited");
        assertNull(spec("{\"Memory\":67108864,\"MemorySwappiness\":-1}").linux().resources().memory().swappiness());
        OciSpec noSwap = build(host("{\"Memory\":67108864}"), tmp,
                SpecFixtures.platform("amd64", "6.1.0", LinuxCapabilities.KNOWN, SpecFixtures.V1_NO_SWAP));
        assertNull(noSwap.linux().resources().memory().swap(), "no swap accounting: memory limited without swap");
    }

    @Test
    void cpuAndPidsLimits() {
        OciSpec.Cpu nano = spec("{\"NanoCpus\":1500000000,\"CpuShares\":512,\"CpusetCpus\":\"0\"}").linux().resources().cpu();
        assertEquals(new OciSpec.Cpu(512L, 150_000L, 100_000L, "0", null), nano);
        OciSpec.Cpu cfs = spec("{\"CpuQuota\":50000,\"CpuPeriod\":200000,\"CpusetMems\":\"0\"}").linux().resources().cpu();
        assertEquals(new OciSpec.Cpu(null, 50_000L, 200_000L, null, "0"), cfs);
        assertEquals(new OciSpec.Pids(100), spec("{\"PidsLimit\":100}").linux().resources().pids());
        assertEquals(new OciSpec.Pids(-1), spec("{\"PidsLimit\":0}").linux().resources().pids(), "0 and below: unlimited");
    }

    @Test
    void ulimitsSysctlsOomScoreGroupsAndPaths() throws Exception {
        OciSpec spec = spec("{\"Ulimits\":[{\"Name\":\"nofile\",\"Soft\":1024,\"Hard\":2048},{\"Name\":\"nproc\",\"Soft\":-1,"
                + "\"Hard\":-1}],\"Sysctls\":{\"net.ipv4.ping_group_range\":\"1 1\",\"kernel.shmmax\":\"1000\"},"
                + "\"OomScoreAdj\":500,\"GroupAdd\":[\"10\",\"1000\"],\"MaskedPaths\":[],\"ReadonlyPaths\":[\"/proc/sys\"]}");
        assertEquals(List.of(new OciSpec.Rlimit("RLIMIT_NOFILE", 2048, 1024), new OciSpec.Rlimit("RLIMIT_NPROC", -1, -1)),
                spec.process().rlimits());
        assertEquals("1 1", spec.linux().sysctl().get("net.ipv4.ping_group_range"), "the client's value wins");
        assertEquals("1000", spec.linux().sysctl().get("kernel.shmmax"));
        assertEquals(500, spec.process().oomScoreAdj());
        assertEquals(List.of(10, 1000), spec.process().user().additionalGids());
        assertEquals(List.of(), spec.linux().maskedPaths(), "systempaths=unconfined");
        assertEquals(List.of("/proc/sys"), spec.linux().readonlyPaths());

        JsonNode json = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(spec));
        assertEquals("18446744073709551615", json.at("/process/rlimits/1/hard").asText(), "unlimited is RLIM_INFINITY");
        JsonNode tree = Json.MAPPER.valueToTree(spec.process());
        assertEquals("2048", tree.at("/rlimits/0/hard").toString(), "an integer in a tree too, never 2048.0");
        assertEquals("18446744073709551615", tree.at("/rlimits/1/soft").toString());
        assertEquals(2114060288L, json.at("/linux/seccomp/syscalls").findValues("value").stream()
                .mapToLong(JsonNode::asLong).filter(v -> v == 2114060288L).findFirst().orElseThrow());
        assertTrue(json.at("/linux/resources/memory").isMissingNode(), "nothing asked: no memory object");
    }

    @Test
    void hostLimitsParse() {
        String limits = """
                Limit                     Soft Limit           Hard Limit           Units
                Max open files            1024                 524288               files
                """;
        assertEquals(524288, HostLimits.parseNofileHard(limits));
        assertEquals(Long.MAX_VALUE, HostLimits.parseNofileHard("Max open files            unlimited            unlimited            files\n"));
        assertTrue(HostLimits.nofileHardLimit() > 0);
    }
}
