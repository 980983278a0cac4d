package dev.berth.gateway.container.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.berth.gateway.container.HostConfig;
import dev.berth.gateway.http.Json;
import dev.berth.gateway.system.CgroupInfo;
import java.nio.file.Path;
import java.util.List;

/** Host facts, HostConfigs and specs for the spec builder's and the validator's tests. */
final class SpecFixtures {
    static final String ID = "a".repeat(64);
    static final CgroupInfo V1_ALL = new CgroupInfo(1, true, true, true, true, true, true, true, true, true);
    static final CgroupInfo V1_NO_SWAP = new CgroupInfo(1, true, false, true, true, true, true, true, true, true);
    static final CgroupInfo V2 = new CgroupInfo(2, true, true, true, false, false, true, true, true, true);
    static final OciSpec.Device FUSE = new OciSpec.Device("/dev/fuse", "c", 10, 229, 0666, 0L, 0L);

    private SpecFixtures() {}

    /** An amd64 host with 2 CPUs, kernel 6.1, every capability, cgroup v1 with swap accounting. */
    static HostPlatform platform() {
        return new HostPlatform("amd64", "6.1.0-18-amd64", 2, "0-1", "0", LinuxCapabilities.KNOWN, V1_ALL, List.of(FUSE));
    }

    static HostPlatform platform(String goArch, String kernel, List<String> caps, CgroupInfo cgroups) {
        return new HostPlatform(goArch, kernel, 2, "0-1", "0", caps, cgroups, List.of(FUSE));
    }

    /** A HostConfig as a client's create request carries it. */
    static HostConfig host(String json) {
        try {
            return Json.MAPPER.readValue(json, HostConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ContainerRecord record(HostConfig host) {
        return Fixtures.record(ID, "x", Fixtures.config("", List.of("FOO=bar"), "", false), host);
    }

    static OciSpec build(HostConfig host, Path dir) {
        return build(host, dir, platform());
    }

    static OciSpec build(HostConfig host, Path dir, HostPlatform platform) {
        return OciSpecBuilder.build(new OciSpecBuilder.Input(record(host), null, 1 << 20, paths(dir), platform));
    }

    static ContainerPaths paths(Path dir) {
        return new ContainerPaths(dir.resolve("containers"), dir.resolve("bundles"), dir.resolve("shims"));
    }

    /** Every system call name an unconditional SCMP_ACT_ALLOW rule (one without args) lets through. */
    static List<String> allowed(OciSpec.Seccomp seccomp) {
        return seccomp.syscalls().stream()
                .filter(s -> s.action().equals("SCMP_ACT_ALLOW") && s.args() == null)
                .flatMap(s -> s.names().stream())
                .toList();
    }
}
