package dev.berth.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.gateway.config.GatewaySettings;
import dev.berth.gateway.http.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /_ping, /version and /info on the real server, each host fact checked against what this test
 * reads itself from /proc, /sys, /etc/os-release, uname and runc.
 */
class SystemEndpointsTest {
    @TempDir
    static Path dir;
    static GatewayServer server;
    static Path socket;
    static FakeContainers containers = new FakeContainers();

    @BeforeAll
    static void start() throws IOException {
        socket = dir.resolve("s.sock");
        GatewaySettings settings = new GatewaySettings(dir.resolve("root"), dir, socket, "berth-shim", "runc",
                dir.resolve("runc"), "berth");
        server = GatewayServer.start(socket, settings, containers, new FakeImages());
        containers.add("1".repeat(64), "up", false, FakeContainers.running());
        containers.add("2".repeat(64), "down", false, FakeContainers.exited(0));
        containers.add("3".repeat(64), "down2", false, FakeContainers.exited(1));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode get(String path) throws IOException {
        UnixHttp.Response response = UnixHttp.call(socket, "GET", path);
        assertEquals(200, response.status(), path);
        return Json.MAPPER.readTree(response.body());
    }

    private static String read(String path) throws IOException {
        return Files.readString(Path.of(path)).trim();
    }

    private static String command(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.trim();
    }

    @Test
    void pingOffersTheClassicBuilder() throws Exception {
        for (String method : List.of("GET", "HEAD")) {
            UnixHttp.Response r = UnixHttp.call(socket, method, "/_ping");
            assertEquals(200, r.status());
            assertEquals("1", r.header("Builder-Version"), "POST /build is the classic builder");
            assertEquals("1.41", r.header("Api-Version"));
        }
    }

    @Test
    void versionPassesClientsChecksAndKeepsBerthsOwn() throws Exception {
        JsonNode v = get("/v1.41/version");
        String version = v.get("Version").asText();
        assertTrue(atLeast(version, 1, 6, 0), "Testcontainers wants 1.6.0 or later: " + version);
        assertEquals(BerthVersion.ENGINE_COMPAT_VERSION, version);
        assertEquals("1.41", v.get("ApiVersion").asText());
        assertEquals("1.12", v.get("MinAPIVersion").asText());
        assertEquals("Berth 0.1.0", v.get("Platform").get("Name").asText());
        Map<String, JsonNode> components = new HashMap<>();
        v.get("Components").forEach(c -> components.put(c.get("Name").asText(), c));
        assertEquals(version, components.get("Engine").get("Version").asText());
        assertEquals("1.41", components.get("Engine").get("Details").get("ApiVersion").asText());
        assertEquals("0.1.0", components.get("berth").get("Version").asText());
        String runc = command("runc", "--version");
        String runcVersion = runc.lines().filter(l -> l.startsWith("runc version ")).findFirst().orElse("runc version ")
                .substring("runc version ".length()).trim();
        assertEquals(runcVersion, components.get("runc").get("Version").asText());
        assertEquals(read("/proc/sys/kernel/osrelease"), v.get("KernelVersion").asText());
        assertEquals(goArch(command("uname", "-m")), v.get("Arch").asText());
        assertEquals("linux", v.get("Os").asText());
        assertEquals("java" + Runtime.version(), v.get("GoVersion").asText(), "the runtime's own version, not a Go one");
        assertFalse(v.get("BuildTime").asText().isEmpty());
    }

    @Test
    void infoIsReadFromTheSystem() throws Exception {
        JsonNode info = get("/v1.41/info");
        assertEquals(3, info.get("Containers").asInt());
        assertEquals(1, info.get("ContainersRunning").asInt());
        assertEquals(0, info.get("ContainersPaused").asInt());
        assertEquals(2, info.get("ContainersStopped").asInt());
        assertEquals(read("/proc/sys/kernel/osrelease"), info.get("KernelVersion").asText());
        assertEquals(read("/proc/sys/kernel/hostname"), info.get("Name").asText());
        assertEquals(command("uname", "-m"), info.get("Architecture").asText());
        assertEquals(Integer.parseInt(command("nproc")), info.get("NCPU").asInt());
        assertEquals(memTotal(), info.get("MemTotal").asLong());
        String prettyName = Files.readAllLines(Path.of("/etc/os-release")).stream()
                .filter(l -> l.startsWith("PRETTY_NAME=")).findFirst().orElseThrow()
                .substring("PRETTY_NAME=".length()).replace("\"", "");
        assertEquals(prettyName, info.get("OperatingSystem").asText());

        boolean unified = Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));
        assertEquals(unified ? "2" : "1", info.get("CgroupVersion").asText());
        assertEquals("cgroupfs", info.get("CgroupDriver").asText());
        if (!unified) {
            assertEquals(Files.exists(Path.of("/sys/fs/cgroup/memory/memory.limit_in_bytes")), info.get("MemoryLimit").asBoolean());
            assertEquals(Files.exists(Path.of("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes")), info.get("SwapLimit").asBoolean());
            assertEquals(Files.exists(Path.of("/sys/fs/cgroup/cpu/cpu.cfs_quota_us")), info.get("CpuCfsQuota").asBoolean());
            assertEquals(Files.exists(Path.of("/sys/fs/cgroup/cpu/cpu.shares")), info.get("CPUShares").asBoolean());
            assertEquals(Files.isDirectory(Path.of("/sys/fs/cgroup/pids")), info.get("PidsLimit").asBoolean());
            assertEquals(!info.get("SwapLimit").asBoolean(),
                    info.get("Warnings").toString().contains("WARNING: No swap limit support"));
        }
        assertEquals(read("/proc/sys/net/ipv4/ip_forward").equals("1"), info.get("IPv4Forwarding").asBoolean());
        Path nf = Path.of("/proc/sys/net/bridge/bridge-nf-call-iptables");
        assertEquals(Files.exists(nf) && read(nf.toString()).equals("1"), info.get("BridgeNfIptables").asBoolean());

        String commit = command("runc", "--version").lines().filter(l -> l.startsWith("commit:")).findFirst()
                .map(l -> l.substring("commit:".length()).trim()).orElse("");
        assertEquals(commit, info.get("RuncCommit").get("ID").asText());
        assertEquals(dir.resolve("root").toString(), info.get("DockerRootDir").asText());
        assertEquals(BerthVersion.ENGINE_COMPAT_VERSION, info.get("ServerVersion").asText());
        assertTrue(info.get("SecurityOptions").toString().contains("name=seccomp,profile=default"));
        assertEquals(info.get("ID").asText(), get("/info").get("ID").asText(), "a stable ID");
    }

    private static long memTotal() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new AssertionError("no MemTotal");
    }

    private static String goArch(String machine) {
        return switch (machine) {
            case "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            case "i686", "i386" -> "386";
            default -> machine;
        };
    }

    private static boolean atLeast(String version, int... minimum) {
        String[] parts = version.split("[.+-]");
        for (int i = 0; i < minimum.length; i++) {
            int have = i < parts.length ? Integer.parseInt(parts[i]) : 0;
            if (have != minimum[i]) {
                return have > minimum[i];
            }
        }
        return true;
    }
}
