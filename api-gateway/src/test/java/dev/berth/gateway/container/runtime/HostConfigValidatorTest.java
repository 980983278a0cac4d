package dev.berth.gateway.container.runtime;

import static dev.berth.gateway.container.runtime.SpecFixtures.host;
import static dev.berth.gateway.container.runtime.SpecFixtures.platform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.HostConfig;
import dev.berth.gateway.http.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Docker's words for what Docker refuses, and Berth's for what it cannot honour yet. */
class HostConfigValidatorTest {

    private static String refused(String hostConfigJson) {
        DockerApiException e = assertThrows(DockerApiException.class,
                () -> HostConfigValidator.validate(host(hostConfigJson), platform()), hostConfigJson);
        assertEquals(400, e.status());
        return e.getMessage();
    }

    private static List<String> warnings(String hostConfigJson) {
        return HostConfigValidator.validate(host(hostConfigJson), platform());
    }

    @Test
    void anEmptyOrAbsentHostConfigIsFine() {
        assertEquals(List.of(), warnings("{}"));
        assertEquals(List.of(), HostConfigValidator.validate(null, platform()));
        assertEquals(List.of(), HostConfigValidator.validate(HostConfig.defaults(), platform()));
        assertEquals(List.of(), warnings("{\"Memory\":67108864,\"MemorySwap\":-1,\"NanoCpus\":2000000000,\"CpuShares\":512,"
                + "\"PidsLimit\":-1,\"CpusetCpus\":\"0-1\",\"CapAdd\":[\"NET_ADMIN\"],\"CapDrop\":[\"ALL\"],\"ShmSize\":1048576,"
                + "\"Sysctls\":{\"net.core.somaxconn\":\"1024\",\"fs.mqueue.msg_max\":\"20\"},\"IpcMode\":\"private\","
                + "\"RestartPolicy\":{\"Name\":\"on-failure\",\"MaximumRetryCount\":3},\"LogConfig\":{\"Type\":\"\",\"Config\":{}},"
                + "\"Runtime\":\"runc\",\"Isolation\":\"default\",\"SecurityOpt\":[\"no-new-privileges\"],"
                + "\"Ulimits\":[{\"Name\":\"nofile\",\"Soft\":1024,\"Hard\":1024}],\"GroupAdd\":[\"50\"]}"));
    }

    @Test
    void memoryAsDocker() {
        assertEquals("Minimum memory limit allowed is 6MB", refused("{\"Memory\":4194304}"));
        assertEquals("Minimum memory limit allowed is 6MB", refused("{\"Memory\":-1}"));
        assertEquals("Minimum memoryswap limit should be larger than memory limit, see usage",
                refused("{\"Memory\":67108864,\"MemorySwap\":33554432}"));
        assertEquals("You should always set the Memory limit when using Memoryswap limit, see usage",
                refused("{\"MemorySwap\":67108864}"));
        assertEquals("Invalid value: 101, valid memory swappiness range is 0-100", refused("{\"MemorySwappiness\":101}"));
        assertEquals("Minimum memory reservation allowed is 6MB", refused("{\"MemoryReservation\":1024}"));
        assertEquals("Minimum memory limit can not be less than memory reservation limit, see usage",
                refused("{\"Memory\":8388608,\"MemoryReservation\":16777216}"));
        assertTrue(refused("{\"MemoryReservation\":-5}").contains("cannot be negative"));
        assertTrue(refused("{\"Memory\":67108864,\"MemorySwap\":-2}").startsWith("Invalid value -2 for MemorySwap"));
        assertEquals(List.of("OOM killer is disabled for the container, but no memory limit is set, this can result in the system running out of resources."),
                warnings("{\"OomKillDisable\":true}"));
        List<String> noSwap = HostConfigValidator.validate(host("{\"Memory\":67108864}"),
                SpecFixtures.platform("amd64", "6.1.0", LinuxCapabilities.KNOWN, SpecFixtures.V1_NO_SWAP));
        assertEquals(List.of("Your kernel does not support swap limit capabilities or the cgroup is not mounted. Memory limited without swap."),
                noSwap);
    }

    @Test
    void cpuAsDocker() {
        assertEquals("Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available", refused("{\"NanoCpus\":3000000000}"));
        assertEquals("Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available", refused("{\"NanoCpus\":-1}"));
        assertEquals("Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available", refused("{\"NanoCpus\":1000}"));
        assertEquals("Conflicting options: Nano CPUs and CPU Period cannot both be set",
                refused("{\"NanoCpus\":1000000000,\"CpuPeriod\":100000}"));
        assertEquals("Conflicting options: Nano CPUs and CPU Quota cannot both be set",
                refused("{\"NanoCpus\":1000000000,\"CpuQuota\":50000}"));
        assertEquals("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)",
                refused("{\"CpuPeriod\":500}"));
        assertEquals("CPU cfs quota can not be less than 1ms (i.e. 1000)", refused("{\"CpuQuota\":999}"));
        assertEquals("invalid CPU shares (-2): value must be a positive integer", refused("{\"CpuShares\":-2}"));
        assertEquals("Requested CPUs are not available - requested 0-3, available: 0-1", refused("{\"CpusetCpus\":\"0-3\"}"));
        assertEquals("Invalid value x for cpuset cpus: invalid format: x", refused("{\"CpusetCpus\":\"x\"}"));
        assertEquals("Requested memory nodes are not available - requested 1, available: 0", refused("{\"CpusetMems\":\"1\"}"));
        assertEquals(List.of("linux does not support CPU percent. Percent discarded."), warnings("{\"CpuPercent\":50}"));
    }

    @Test
    void capabilitiesAsDocker() {
        assertEquals("invalid CapAdd: unknown capability: \"CAP_FOO\"", refused("{\"CapAdd\":[\"foo\"]}"));
        assertEquals("invalid CapDrop: unknown capability: \"CAP_BAR\"", refused("{\"CapDrop\":[\"CAP_BAR\"]}"));
        HostPlatform withoutResource = SpecFixtures.platform("amd64", "6.1.0",
                LinuxCapabilities.KNOWN.stream().filter(c -> !c.equals("CAP_SYS_RESOURCE")).toList(), SpecFixtures.V1_ALL);
        DockerApiException e = assertThrows(DockerApiException.class,
                () -> HostConfigValidator.validate(host("{\"CapAdd\":[\"SYS_RESOURCE\"]}"), withoutResource));
        assertEquals("invalid CapAdd: capability not supported by your kernel or not available in the current environment: "
                + "\"CAP_SYS_RESOURCE\"", e.getMessage());
    }

    @Test
    void restartPolicyAndAutoRemoveAsDocker() {
        assertEquals("invalid restart policy: unknown policy 'sometimes'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'",
                refused("{\"RestartPolicy\":{\"Name\":\"sometimes\"}}"));
        assertEquals("invalid restart policy: maximum retry count cannot be negative",
                refused("{\"RestartPolicy\":{\"Name\":\"on-failure\",\"MaximumRetryCount\":-1}}"));
        assertEquals("invalid restart policy: maximum retry count can only be used with 'on-failure'",
                refused("{\"RestartPolicy\":{\"Name\":\"always\",\"MaximumRetryCount\":2}}"));
        assertEquals("invalid restart policy: maximum retry count can only be used with 'on-failure' and cannot be negative",
                refused("{\"RestartPolicy\":{\"Name\":\"no\",\"MaximumRetryCount\":-2}}"));
        assertEquals("can't create 'AutoRemove' container with restart policy",
                refused("{\"AutoRemove\":true,\"RestartPolicy\":{\"Name\":\"always\"}}"));
        assertEquals(List.of(), warnings("{\"AutoRemove\":true,\"RestartPolicy\":{\"Name\":\"no\"}}"));
        assertEquals(List.of(), warnings("{\"RestartPolicy\":{\"Name\":\"\",\"MaximumRetryCount\":5}}"),
                "an empty name with a count: accepted as Docker does for old clients");
    }

    @Test
    void securityOptionsAsDocker() {
        assertEquals("invalid --security-opt 1: \"bogus\"", refused("{\"SecurityOpt\":[\"bogus\"]}"));
        assertEquals("invalid --security-opt 2: \"foo=bar\"", refused("{\"SecurityOpt\":[\"foo=bar\"]}"));
        assertEquals("invalid --security-opt 2: \"no-new-privileges=maybe\"", refused("{\"SecurityOpt\":[\"no-new-privileges=maybe\"]}"));
        assertTrue(refused("{\"SecurityOpt\":[\"apparmor=docker-default\"]}").contains("AppArmor profiles are not supported"));
        assertTrue(refused("{\"SecurityOpt\":[\"label=type:svirt_t\"]}").contains("SELinux labels are not supported"));
        assertTrue(refused("{\"SecurityOpt\":[\"seccomp={not json\"]}").startsWith("Decoding seccomp profile failed: "));
        String badAction = Json.MAPPER.valueToTree("seccomp={\"defaultAction\":\"SCMP_ACT_MAYBE\"}").toString();
        assertEquals("Decoding seccomp profile failed: unknown action \"SCMP_ACT_MAYBE\"",
                refused("{\"SecurityOpt\":[" + badAction + "]}"));
        assertEquals(List.of(), warnings("{\"SecurityOpt\":[\"seccomp=unconfined\",\"apparmor=unconfined\",\"label=disable\"]}"));
    }

    @Test
    void namespacesAndSettingsAsDocker() {
        assertEquals("invalid IPC mode: weird", refused("{\"IpcMode\":\"weird\"}"));
        assertEquals("invalid PID mode: weird", refused("{\"PidMode\":\"weird\"}"));
        assertEquals("invalid UTS mode: weird", refused("{\"UTSMode\":\"weird\"}"));
        assertEquals("invalid cgroup namespace mode: weird", refused("{\"CgroupnsMode\":\"weird\"}"));
        assertEquals("SHM size can not be less than 0", refused("{\"ShmSize\":-1}"));
        assertEquals("Invalid value 1001, range for oom score adj is [-1000, 1000]", refused("{\"OomScoreAdj\":1001}"));
        assertEquals("Unknown runtime specified kata", refused("{\"Runtime\":\"kata\"}"));
        assertEquals("invalid isolation 'hyperv' on linux", refused("{\"Isolation\":\"hyperv\"}"));
        assertEquals("sysctl \"vm.swappiness\" is not in a separate kernel namespace", refused("{\"Sysctls\":{\"vm.swappiness\":\"1\"}}"));
        assertEquals("sysctl \"net.core.somaxconn\" is not allowed in the hosts network namespace",
                refused("{\"NetworkMode\":\"host\",\"Sysctls\":{\"net.core.somaxconn\":\"1\"}}"));
        assertEquals("invalid ulimit type: bogus", refused("{\"Ulimits\":[{\"Name\":\"bogus\",\"Soft\":1,\"Hard\":1}]}"));
        assertEquals("ulimit soft limit must be less than or equal to hard limit: 10 > 5",
                refused("{\"Ulimits\":[{\"Name\":\"nofile\",\"Soft\":10,\"Hard\":5}]}"));
        assertEquals(List.of("Published ports are discarded when using host network mode"),
                warnings("{\"NetworkMode\":\"host\",\"PortBindings\":{\"80/tcp\":[{\"HostPort\":\"8080\"}]}}"));
    }

    @Test
    void portsAndVolumesAreLeftToTheirPlanners() {
        // published ports are checked by PortMappings and published at start; mounts by the mount planner
        assertEquals(List.of(), warnings("{\"PortBindings\":{\"80/tcp\":[{\"HostPort\":\"8080\"}]},\"PublishAllPorts\":true}"));
        assertTrue(warnings("{\"Binds\":[\"data:/data\"],\"VolumesFrom\":[\"other\"],"
                + "\"Mounts\":[{\"Type\":\"volume\",\"Target\":\"/data\"}]}").isEmpty(),
                "volumes are checked by the mount planner, not refused here");
    }

    @Test
    void whatBerthCannotHonourIsRefusedNotIgnored() {
        List<String> refusedFields = List.of(
                "{\"Devices\":[{\"PathOnHost\":\"/dev/fuse\",\"PathInContainer\":\"/dev/fuse\",\"CgroupPermissions\":\"rwm\"}]}",
                "{\"DeviceCgroupRules\":[\"c 10:229 rwm\"]}",
                "{\"DeviceRequests\":[{\"Driver\":\"nvidia\",\"Count\":-1}]}",
                "{\"CgroupParent\":\"/custom\"}",
                "{\"BlkioWeight\":300}",
                "{\"BlkioDeviceReadBps\":[{\"Path\":\"/dev/vda\",\"Rate\":1048576}]}",
                "{\"CpuRealtimeRuntime\":1000}",
                "{\"KernelMemory\":67108864}",
                "{\"IpcMode\":\"host\"}",
                "{\"IpcMode\":\"container:abc\"}",
                "{\"PidMode\":\"host\"}",
                "{\"PidMode\":\"container:abc\"}",
                "{\"UTSMode\":\"host\"}",
                "{\"UsernsMode\":\"private\"}",
                "{\"Cgroup\":\"container:abc\"}",
                "{\"VolumeDriver\":\"nfs\"}",
                "{\"StorageOpt\":{\"size\":\"10G\"}}",
                "{\"Links\":[\"db:db\"]}",
                "{\"LogConfig\":{\"Type\":\"syslog\",\"Config\":{}}}",
                "{\"LogConfig\":{\"Type\":\"json-file\",\"Config\":{\"max-size\":\"10m\"}}}",
                "{\"GroupAdd\":[\"audio\"]}",
                "{\"IOMaximumBandwidth\":1000}");
        for (String json : refusedFields) {
            assertTrue(refused(json).length() > 10, json);
        }
        assertEquals("Devices (--device) are not supported by Berth yet", refused(refusedFields.getFirst()));
        assertEquals("logging driver \"syslog\" is not supported by Berth: only json-file", refused(refusedFields.get(18)));
        assertEquals("Invalid QoS settings: linux does not support configuration of maximum bandwidth",
                refused(refusedFields.getLast()));
    }

    @Test
    void hostConfigRoundTripsAndKeepsItsOldShape() throws Exception {
        HostConfig parsed = host("{\"Memory\":67108864,\"CapAdd\":\"NET_ADMIN\",\"PidsLimit\":null,\"Dns\":[\"1.1.1.1\"],"
                + "\"ExtraHosts\":[\"db:10.0.0.2\"],\"Init\":true,\"Unknown\":1}");
        assertEquals(67108864L, parsed.resources().memory());
        assertEquals(List.of("NET_ADMIN"), parsed.capAdd());
        assertEquals(List.of("1.1.1.1"), parsed.dns());
        HostConfig again = Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(parsed), HostConfig.class);
        assertEquals(parsed, again);
        assertTrue(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(parsed)).has("NanoCpus"), "Resources sit at the top level");
        HostConfig changed = parsed.withNetworkMode("none").withRestartPolicy(new HostConfig.RestartPolicy("always", 0));
        assertEquals(67108864L, changed.resources().memory(), "with methods keep every field");
        assertEquals(List.of("1.1.1.1"), changed.dns());
        assertEquals("none", changed.networkMode());
    }
}
