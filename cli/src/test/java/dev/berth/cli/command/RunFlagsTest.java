package dev.berth.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cli.io.Io;
import dev.berth.cli.testing.CliHarness;
import dev.berth.cli.testing.FakeTerminal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The run/create flags added for resources, privileges, health checks and files, as docker sends them. */
class RunFlagsTest {
    @TempDir
    Path dir;

    private static ContainerSpecCommand parse(String... args) {
        Io io = Io.of(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), new ByteArrayOutputStream());
        CommandLine cli = CommandTree.build(io, Map.of("FROM_SHELL", "shell-value"), FakeTerminal::none);
        ParseResult result = cli.parseArgs(args);
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        return (ContainerSpecCommand) result.commandSpec().userObject();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> host(Map<String, Object> body) {
        return (Map<String, Object>) body.get("HostConfig");
    }

    @Test
    void resourceLimitsGoToHostConfig() {
        Map<String, Object> host = host(parse("run", "-m", "512m", "--memory-swap", "1g", "--memory-reservation", "256MiB",
                "--cpus", "1.5", "--cpu-shares", "512", "--pids-limit", "100", "--shm-size", "64m",
                "--ulimit", "nofile=1024:2048", "--ulimit", "nproc=64", "busybox").createBody());
        assertEquals(512L * 1024 * 1024, host.get("Memory"));
        assertEquals(1024L * 1024 * 1024, host.get("MemorySwap"));
        assertEquals(256L * 1024 * 1024, host.get("MemoryReservation"));
        assertEquals(64L * 1024 * 1024, host.get("ShmSize"));
        assertEquals(1_500_000_000L, host.get("NanoCpus"));
        assertEquals(512L, host.get("CpuShares"));
        assertEquals(100L, host.get("PidsLimit"));
        assertEquals(List.of(Map.of("Name", "nofile", "Hard", 2048L, "Soft", 1024L), Map.of("Name", "nproc", "Hard", 64L, "Soft", 64L)),
                host.get("Ulimits"));
        assertEquals(-1L, host(parse("run", "--memory-swap", "-1", "busybox").createBody()).get("MemorySwap"));
        Map<String, Object> plain = host(parse("run", "busybox").createBody());
        assertFalse(plain.containsKey("Memory"));
        assertFalse(plain.containsKey("PidsLimit"));
        assertFalse(plain.containsKey("Init"));
    }

    @Test
    void badSizesAndCpusInDockersWords() {
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> parse("run", "-m", "lots", "busybox").createBody());
        assertEquals("invalid argument \"lots\" for \"-m, --memory\" flag: invalid size: 'lots'", size.getMessage());
        IllegalArgumentException suffix = assertThrows(IllegalArgumentException.class, () -> parse("run", "-m", "10x", "busybox").createBody());
        assertEquals("invalid argument \"10x\" for \"-m, --memory\" flag: invalid suffix: 'x'", suffix.getMessage());
        IllegalArgumentException cpus = assertThrows(IllegalArgumentException.class, () -> parse("run", "--cpus", "0.0000000001", "busybox").createBody());
        assertEquals("invalid argument \"0.0000000001\" for \"--cpus\" flag: value is too precise", cpus.getMessage());
        IllegalArgumentException ulimit = assertThrows(IllegalArgumentException.class, () -> parse("run", "--ulimit", "bogus=1", "busybox").createBody());
        assertEquals("invalid argument \"bogus=1\" for \"--ulimit\" flag: invalid ulimit type: bogus", ulimit.getMessage());
    }

    @Test
    void privilegesAndSecurity() {
        Map<String, Object> host = host(parse("run", "--privileged", "--cap-add", "net_admin", "--cap-add", "CAP_SYS_TIME",
                "--cap-add", "NET_ADMIN", "--cap-drop", "all", "--read-only", "--security-opt", "no-new-privileges",
                "--security-opt", "apparmor=unconfined", "--init", "busybox").createBody());
        assertEquals(true, host.get("Privileged"));
        assertEquals(List.of("CAP_NET_ADMIN", "CAP_SYS_TIME"), host.get("CapAdd"));
        assertEquals(List.of("ALL"), host.get("CapDrop"));
        assertEquals(true, host.get("ReadonlyRootfs"));
        assertEquals(List.of("no-new-privileges", "apparmor=unconfined"), host.get("SecurityOpt"));
        assertEquals(true, host.get("Init"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> parse("run", "--security-opt", "seccomp", "busybox").createBody());
        assertEquals("Invalid --security-opt: \"seccomp\"", bad.getMessage());
    }

    @Test
    @SuppressWarnings("unchecked")
    void healthCheckStopSettingsAndPublishAll() {
        Map<String, Object> body = parse("create", "--health-cmd", "wget -q localhost", "--health-interval", "30s",
                "--health-timeout", "1m30s", "--health-retries", "3", "--health-start-period", "500ms",
                "--stop-signal", "SIGINT", "--stop-timeout", "20", "-P", "busybox").createBody();
        assertEquals(Map.of("Test", List.of("CMD-SHELL", "wget -q localhost"), "Interval", 30_000_000_000L,
                "Timeout", 90_000_000_000L, "StartPeriod", 500_000_000L, "Retries", 3), body.get("Healthcheck"));
        assertEquals("SIGINT", body.get("StopSignal"));
        assertEquals(20, body.get("StopTimeout"));
        assertEquals(true, host(body).get("PublishAllPorts"));
        assertEquals(Map.of("Test", List.of("NONE")), parse("run", "--no-healthcheck", "busybox").createBody().get("Healthcheck"));
        assertFalse(parse("run", "busybox").createBody().containsKey("Healthcheck"));
        IllegalArgumentException conflict = assertThrows(IllegalArgumentException.class,
                () -> parse("run", "--no-healthcheck", "--health-cmd", "true", "busybox").createBody());
        assertEquals("--no-healthcheck conflicts with --health-* options", conflict.getMessage());
        IllegalArgumentException duration = assertThrows(IllegalArgumentException.class,
                () -> parse("run", "--health-interval", "10", "busybox").createBody());
        assertEquals("invalid argument \"10\" for \"--health-interval\" flag: time: missing unit in duration \"10\"", duration.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> parse("run", "--health-timeout", "-1s", "busybox").createBody());
        assertEquals("--health-timeout cannot be negative", negative.getMessage());
    }

    @Test
    void labelAndEnvFiles() throws IOException {
        Path labels = Files.writeString(dir.resolve("labels"), "# team\nteam=core\nbare\n  tier=web\n");
        Path env = Files.writeString(dir.resolve("env"), "A=1\nFROM_SHELL\nUNSET_ONE\n");
        Map<String, Object> body = parse("run", "--label-file", labels.toString(), "-l", "tier=api", "--env-file", env.toString(),
                "busybox").createBody();
        assertEquals(Map.of("team", "core", "tier", "api"), body.get("Labels"));
        assertEquals(List.of("A=1", "FROM_SHELL=shell-value"), body.get("Env"));
        Path bad = Files.writeString(dir.resolve("bad"), "MY VAR=1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("run", "--env-file", bad.toString(), "busybox").createBody());
        assertEquals("invalid env file (" + bad + "): variable 'MY VAR' contains whitespaces", e.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> parse("run", "--env-file", dir.resolve("none").toString(), "busybox").createBody());
        assertEquals("open " + dir.resolve("none") + ": no such file or directory", missing.getMessage());
    }

    @Test
    void restartPolicies() {
        assertEquals(Map.of("Name", "no", "MaximumRetryCount", 0), host(parse("run", "busybox").createBody()).get("RestartPolicy"));
        assertEquals(Map.of("Name", "unless-stopped", "MaximumRetryCount", 0),
                host(parse("run", "--restart", "unless-stopped", "busybox").createBody()).get("RestartPolicy"));
        IllegalArgumentException bogus = assertThrows(IllegalArgumentException.class, () -> parse("run", "--restart=bogus", "busybox").createBody());
        assertTrue(bogus.getMessage().startsWith("invalid restart policy format: unknown policy 'bogus'"), bogus.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> parse("run", "--restart=on-failure:x", "busybox").createBody());
        assertEquals("invalid restart policy format: maximum retry count must be an integer", count.getMessage());
        IllegalArgumentException noName = assertThrows(IllegalArgumentException.class, () -> parse("run", "--restart=:3", "busybox").createBody());
        assertEquals("invalid restart policy format: no policy provided before colon", noName.getMessage());
    }

    @Test
    void flagErrorsEndRunWith125BeforeAnyRequest() throws IOException {
        try (CliHarness cli = new CliHarness(dir)) {
            assertEquals(125, cli.run("", "run", "--restart=bogus", "busybox"));
            assertTrue(cli.err().startsWith("berth: invalid restart policy format: unknown policy 'bogus'"), cli.err());
            assertTrue(cli.err().endsWith("\n\nRun 'berth run --help' for more information\n"), cli.err());
            cli.reset();
            assertEquals(125, cli.run("", "create", "-m", "1q", "busybox"));
            assertTrue(cli.err().contains("invalid suffix: 'q'"), cli.err());
            assertEquals(List.of(), cli.daemon.requests());
        }
    }

    @Test
    void theCreateRequestCarriesTheNewFields() throws IOException {
        try (CliHarness cli = new CliHarness(dir)) {
            cli.daemon.on("POST /v1.41/containers/create", (r, x) -> x.json(201, "{\"Id\":\"c9\",\"Warnings\":[]}"));
            assertEquals(0, cli.run("", "create", "--name", "lim", "-m", "64m", "--pids-limit", "10", "--cap-drop", "mknod", "busybox"), cli.err());
            assertEquals("c9\n", cli.out());
            String body = cli.daemon.lastRequest("POST /v1.41/containers/create").bodyText();
            assertTrue(body.contains("\"Memory\":67108864"), body);
            assertTrue(body.contains("\"PidsLimit\":10"), body);
            assertTrue(body.contains("\"CapDrop\":[\"CAP_MKNOD\"]"), body);
        }
    }
}
