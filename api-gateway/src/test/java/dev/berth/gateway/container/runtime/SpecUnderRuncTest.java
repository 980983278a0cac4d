package dev.berth.gateway.container.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.gateway.container.HostConfig;
import dev.berth.gateway.http.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spec the builder makes, run by the real runc on a busybox rootfs: the default seccomp
 * profile is in force (Seccomp: 2, a user namespace cannot be made) and the limits reach the
 * cgroup. Needs root, runc and a static /usr/bin/busybox: skipped without them, failed without
 * them when CI=true.
 */
class SpecUnderRuncTest {
    private static final List<String> APPLETS = List.of("sh", "cat", "grep", "echo", "id", "unshare", "ls");
    private static final String PROBE = """
            grep -E '^(Seccomp|NoNewPrivs|CapBnd):' /proc/1/status
            echo "memory=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max)"
            echo "pids=$(cat /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids.max)"
            if unshare -U -r id >/dev/null 2>&1; then echo userns=made; else echo userns=refused; fi
            """;

    @TempDir Path dir;

    @BeforeAll
    static void prerequisites() {
        String missing = null;
        if (!"root".equals(System.getProperty("user.name"))) {
            missing = "root (runc creates namespaces and cgroups)";
        } else if (!Files.isExecutable(Path.of("/usr/bin/busybox"))) {
            missing = "/usr/bin/busybox (the rootfs)";
        } else if (!runcWorks()) {
            missing = "runc on the PATH";
        }
        if (missing != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true and a prerequisite is missing: " + missing);
            }
            Assumptions.abort("needs " + missing);
        }
    }

    private static boolean runcWorks() {
        try {
            return new ProcessBuilder("runc", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void defaultProfileRefusesUserNamespacesAndLimitsReachTheCgroup() throws Exception {
        String out = run(SpecFixtures.host("{\"Memory\":67108864,\"PidsLimit\":64,\"SecurityOpt\":[\"no-new-privileges\"]}"));
        assertTrue(out.contains("Seccomp:\t2"), "filter mode seccomp:\n" + out);
        assertTrue(out.contains("NoNewPrivs:\t1"), out);
        assertTrue(out.contains("userns=refused"), "unshare -U -r id must fail:\n" + out);
        assertTrue(out.contains("memory=67108864"), out);
        assertTrue(out.contains("pids=64"), out);
        assertEquals(Long.toHexString(capMask(LinuxCapabilities.DEFAULT)), capBnd(out), "Docker's default capabilities");
    }

    @Test
    void unconfinedRunsWithoutAFilter() throws Exception {
        String out = run(SpecFixtures.host("{\"SecurityOpt\":[\"seccomp=unconfined\"]}"));
        assertTrue(out.contains("Seccomp:\t0"), out);
        assertTrue(out.contains("NoNewPrivs:\t0"), out);
        if (Long.parseLong(Files.readString(Path.of("/proc/sys/user/max_user_namespaces")).trim()) > 0) {
            assertTrue(out.contains("userns=made"), "without the filter the same command works, so the profile refused it:\n" + out);
        }
    }

    @Test
    void privilegedGetsWhatTheDaemonHoldsAndTheHostsDevices() throws Exception {
        String out = run(SpecFixtures.host("{\"Privileged\":true}"), "ls /dev/null /dev/loop-control /dev/fuse 2>&1");
        assertTrue(out.contains("Seccomp:\t0"), out);
        assertEquals(Long.toHexString(capMask(LinuxCapabilities.ofThisProcess())), capBnd(out), "every capability this process holds");
        for (String device : List.of("/dev/loop-control", "/dev/fuse")) {
            if (Files.exists(Path.of(device))) {
                assertTrue(out.contains(device + "\n") && !out.contains(device + ": No such file"), device + ":\n" + out);
            }
        }
    }

    private String run(HostConfig host) throws Exception {
        return run(host, "");
    }

    /** Builds the spec for this host, swaps in the probe as the command, and runs it in the foreground. */
    private String run(HostConfig host, String extraProbe) throws Exception {
        byte[] random = new byte[32];
        ThreadLocalRandom.current().nextBytes(random);
        String id = HexFormat.of().formatHex(random);
        ContainerPaths paths = SpecFixtures.paths(dir);
        Files.createDirectories(paths.containerDir(id));
        Files.writeString(paths.hostnameFile(id), "probe\n");
        Files.writeString(paths.hostsFile(id), "127.0.0.1\tlocalhost\n");
        Files.writeString(paths.resolvConfFile(id), "nameserver 127.0.0.1\n");
        Path bundle = Files.createDirectories(dir.resolve("bundle-" + id.substring(0, 12)));
        rootfs(bundle.resolve("rootfs"));

        ContainerRecord record = Fixtures.record(id, "probe", Fixtures.config("", List.of(), "", false), host);
        OciSpec spec = OciSpecBuilder.build(new OciSpecBuilder.Input(record, null, HostLimits.nofileHardLimit(), paths,
                HostPlatform.current()));
        ObjectNode config = Json.MAPPER.valueToTree(spec);
        ArrayNode args = ((ObjectNode) config.get("process")).putArray("args");
        args.add("/bin/sh").add("-c").add(PROBE + extraProbe);
        Files.write(bundle.resolve("config.json"), Json.MAPPER.writeValueAsBytes(config));

        Process runc = new ProcessBuilder("runc", "--root", dir.resolve("runc").toString(), "run", "--bundle",
                bundle.toString(), id).redirectErrorStream(true).start();
        runc.getOutputStream().close();
        String out = new String(runc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!runc.waitFor(60, TimeUnit.SECONDS)) {
            runc.destroyForcibly();
            fail("runc did not finish:\n" + out);
        }
        assertEquals(0, runc.exitValue(), "runc run:\n" + out);
        return out;
    }

    private static void rootfs(Path rootfs) throws IOException {
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(Path.of("/usr/bin/busybox"), bin.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
        for (String applet : APPLETS) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        for (String d : List.of("proc", "sys", "dev", "etc", "tmp")) {
            Files.createDirectories(rootfs.resolve(d));
        }
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/:/bin/sh\n");
    }

    private static long capMask(List<String> caps) {
        long mask = 0;
        for (String cap : caps) {
            mask |= 1L << LinuxCapabilities.KNOWN.indexOf(cap);
        }
        return mask;
    }

    private static String capBnd(String out) {
        for (String line : out.split("\n")) {
            if (line.startsWith("CapBnd:")) {
                return Long.toHexString(Long.parseUnsignedLong(line.substring("CapBnd:".length()).trim(), 16));
            }
        }
        return fail("no CapBnd line:\n" + out);
    }
}
