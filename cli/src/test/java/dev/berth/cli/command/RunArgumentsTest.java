package dev.berth.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cli.io.Io;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

class RunArgumentsTest {

    private static ContainerSpecCommand parse(String... args) {
        Io io = Io.of(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), new ByteArrayOutputStream());
        CommandLine cli = CommandTree.build(io, Map.of("FROM_SHELL", "shell-value"));
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
    void everythingAfterTheImageIsTheCommand() throws Exception {
        ContainerSpecCommand run = parse("run", "--rm", "-i", "busybox", "sh", "-c", "echo -e x", "--rm", "-i");
        assertEquals("busybox", run.image);
        assertEquals(List.of("sh", "-c", "echo -e x", "--rm", "-i"), run.command);
        Map<String, Object> body = run.createBody();
        assertEquals(List.of("sh", "-c", "echo -e x", "--rm", "-i"), body.get("Cmd"));
        assertEquals(true, host(body).get("AutoRemove"));
        assertEquals(true, body.get("OpenStdin"));
        assertEquals(true, body.get("StdinOnce"));
        assertEquals(true, body.get("AttachStdin"));
    }

    @Test
    void noCommandLeavesTheImageDefault() throws Exception {
        Map<String, Object> body = parse("run", "busybox").createBody();
        assertNull(body.get("Cmd"));
        assertFalse(body.containsKey("Entrypoint"));
        assertEquals("default", host(body).get("NetworkMode"));
        assertEquals(false, body.get("Tty"));
        assertEquals(false, body.get("AttachStdin"));
        assertEquals(true, body.get("AttachStdout"));
    }

    @Test
    void clusteredShortFlagsAndValues() throws Exception {
        RunCommand run = (RunCommand) parse("run", "-dit", "--name", "acc", "-eFOO=bar", "-e", "FLASK_APP=app.py",
                "-w", "/tmp", "--user", "1000:1000", "busybox", "true");
        assertTrue(run.detach);
        assertTrue(run.interactive);
        assertTrue(run.tty);
        Map<String, Object> body = run.createBody();
        assertEquals(List.of("FOO=bar", "FLASK_APP=app.py"), body.get("Env"));
        assertEquals("/tmp", body.get("WorkingDir"));
        assertEquals("1000:1000", body.get("User"));
        assertEquals(false, body.get("AttachStdout"));
        assertEquals(false, body.get("StdinOnce"));
    }

    @Test
    void envWithoutValueComesFromTheShellOrIsDropped(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("env");
        Files.writeString(file, "# comment\n\nFILE_VAR=1\nFROM_SHELL\n");
        Map<String, Object> body = parse("run", "--env-file", file.toString(), "-e", "FROM_SHELL", "-e", "UNSET_VAR", "busybox").createBody();
        assertEquals(List.of("FILE_VAR=1", "FROM_SHELL=shell-value", "FROM_SHELL=shell-value"), body.get("Env"));
    }

    @Test
    void entrypointEmptyClears() throws Exception {
        assertEquals(List.of(""), parse("run", "--entrypoint", "", "busybox").createBody().get("Entrypoint"));
        assertEquals(List.of("cat"), parse("run", "--entrypoint", "cat", "busybox", "/x").createBody().get("Entrypoint"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void portsVolumesNetworkAndRestart() throws Exception {
        Map<String, Object> body = parse("create", "-p", "127.0.0.1:18080:8080", "-p", "8081", "-p", "53:53/udp",
                "-v", "/host:/ctr:ro", "-v", "/anon", "--network", "acc-net", "--restart", "on-failure:3",
                "-l", "a=b", "--tmpfs", "/t", "busybox").createBody();
        Map<String, Object> host = host(body);
        Map<String, Object> bindings = (Map<String, Object>) host.get("PortBindings");
        assertEquals(List.of(Map.of("HostIp", "127.0.0.1", "HostPort", "18080")), bindings.get("8080/tcp"));
        assertEquals(List.of(Map.of("HostIp", "", "HostPort", "")), bindings.get("8081/tcp"));
        assertEquals(List.of(Map.of("HostIp", "", "HostPort", "53")), bindings.get("53/udp"));
        assertTrue(((Map<String, Object>) body.get("ExposedPorts")).containsKey("8080/tcp"));
        assertEquals(List.of("/host:/ctr:ro"), host.get("Binds"));
        assertEquals(Map.of("/anon", Map.of()), body.get("Volumes"));
        assertEquals("acc-net", host.get("NetworkMode"));
        assertEquals(Map.of("Name", "on-failure", "MaximumRetryCount", 3), host.get("RestartPolicy"));
        assertEquals(Map.of("a", "b"), body.get("Labels"));
        assertEquals(Map.of("/t", ""), host.get("Tmpfs"));
        assertTrue(body.containsKey("NetworkingConfig"));
    }

    @Test
    void badValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> parse("run", "-p", "nope", "busybox").createBody());
        assertThrows(IllegalArgumentException.class, () -> parse("run", "--restart", "sometimes", "busybox").createBody());
        assertThrows(IllegalArgumentException.class, () -> parse("run", "--restart", "always", "--rm", "busybox").createBody());
        assertThrows(IllegalArgumentException.class, () -> parse("run", "-v", "a::b", "busybox").createBody());
        assertThrows(IllegalArgumentException.class, () -> parse("run", "--mount", "type=bind,source=/x", "busybox").createBody());
        assertThrows(CommandLine.ParameterException.class, () -> parse("run", "--bogus", "busybox"));
        assertThrows(CommandLine.ParameterException.class, () -> parse("run"));
    }

    @Test
    void containerCreateAliasParsesTheSame() throws Exception {
        ContainerSpecCommand create = parse("container", "create", "--name", "acc-c1", "busybox", "echo", "started-later");
        assertEquals("acc-c1", create.name);
        assertEquals(List.of("echo", "started-later"), create.command);
    }
}
