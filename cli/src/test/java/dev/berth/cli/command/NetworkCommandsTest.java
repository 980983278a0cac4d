package dev.berth.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.cli.io.Io;
import dev.berth.cli.testing.CliHarness;
import dev.berth.cli.testing.FakeTerminal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** berth network create/ls/inspect/rm/prune/connect/disconnect and run's network flags, against a fake daemon. */
class NetworkCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID_A = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final String ID_B = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

    @TempDir
    Path dir;
    CliHarness cli;

    @BeforeEach
    void start() throws IOException {
        cli = new CliHarness(dir);
    }

    @AfterEach
    void stop() throws IOException {
        cli.close();
    }

    private JsonNode body(String route) throws IOException {
        return JSON.readTree(cli.daemon.lastRequest(route).bodyText());
    }

    @Test
    void createSendsDockersRequestAndPrintsTheId() throws IOException {
        cli.daemon.on("POST /v1.41/networks/create", (r, x) -> x.json(201, "{\"Id\":\"" + ID_A + "\",\"Warning\":\"\"}"));
        assertEquals(0, cli.run("", "network", "create", "-d", "bridge", "--subnet", "10.99.0.0/24", "--gateway", "10.99.0.254",
                "--ip-range", "10.99.0.128/25", "--internal", "--label", "team=net", "-o", "com.docker.network.driver.mtu=1400",
                "--attachable", "acc-net"), cli.err());
        assertEquals(ID_A + "\n", cli.out());
        JsonNode body = body("POST /v1.41/networks/create");
        assertEquals("acc-net", body.path("Name").asText());
        assertEquals(true, body.path("CheckDuplicate").asBoolean());
        assertEquals("bridge", body.path("Driver").asText());
        assertEquals("default", body.path("IPAM").path("Driver").asText());
        assertEquals("{\"Subnet\":\"10.99.0.0/24\",\"IPRange\":\"10.99.0.128/25\",\"Gateway\":\"10.99.0.254\"}",
                body.path("IPAM").path("Config").get(0).toString());
        assertEquals(true, body.path("Internal").asBoolean());
        assertEquals(true, body.path("Attachable").asBoolean());
        assertEquals("{\"team\":\"net\"}", body.path("Labels").toString());
        assertEquals("{\"com.docker.network.driver.mtu\":\"1400\"}", body.path("Options").toString());
    }

    @Test
    void createChecksGatewaysAgainstSubnets() {
        assertEquals(1, cli.run("", "network", "create", "--gateway", "10.0.0.1", "n"));
        assertEquals("every ip-range or gateway must have a corresponding subnet\n", cli.err());
        assertNull(cli.daemon.lastRequest("POST /v1.41/networks/create"));
        cli.reset();
        assertEquals(1, cli.run("", "network", "create", "--subnet", "10.0.0.0/24", "--gateway", "10.1.0.1", "n"));
        assertEquals("no matching subnet for gateway 10.1.0.1\n", cli.err());
    }

    @Test
    void createShowsTheDaemonsRefusal() {
        cli.daemon.on("POST /v1.41/networks/create", (r, x) -> x.json(409, "{\"message\":\"network with name acc-net already exists\"}"));
        assertEquals(1, cli.run("", "network", "create", "acc-net"));
        assertEquals("Error response from daemon: network with name acc-net already exists\n", cli.err());
    }

    @Test
    void lsPrintsDockersTableSortedByName() {
        cli.daemon.on("GET /v1.41/networks", (r, x) -> x.json(200, "[{\"Name\":\"net10\",\"Id\":\"" + ID_B
                + "\",\"Driver\":\"bridge\",\"Scope\":\"local\",\"Labels\":{}},{\"Name\":\"net2\",\"Id\":\"" + ID_A
                + "\",\"Driver\":\"bridge\",\"Scope\":\"local\",\"Labels\":{\"a\":\"b\"}}]"));
        assertEquals(0, cli.run("", "network", "ls", "--filter", "driver=bridge"), cli.err());
        assertEquals("""
                NETWORK ID     NAME      DRIVER    SCOPE
                a1b2c3d4e5f6   net2      bridge    local
                0f1e2d3c4b5a   net10     bridge    local
                """, cli.out());
        assertEquals("filters={\"driver\":{\"bridge\":true}}", CliHarness.decode(cli.daemon.lastRequest("GET /v1.41/networks").query()));
        cli.reset();
        assertEquals(0, cli.run("", "network", "ls", "-q", "--no-trunc"));
        assertEquals(ID_A + "\n" + ID_B + "\n", cli.out());
        cli.reset();
        assertEquals(0, cli.run("", "network", "ls", "--format", "{{.Name}} {{.Driver}} {{.Labels}}"));
        assertEquals("net2 bridge a=b\nnet10 bridge \n", cli.out());
    }

    @Test
    void inspectAsksForNetworksOnly() {
        cli.daemon.on("GET /v1.41/networks/acc-net", (r, x) -> x.json(200, "{\"Name\":\"acc-net\",\"Driver\":\"bridge\"}"));
        cli.daemon.on("GET /v1.41/networks/nope", (r, x) -> x.json(404, "{\"message\":\"network nope not found\"}"));
        assertEquals(0, cli.run("", "network", "inspect", "-f", "{{.Name}} {{.Driver}}", "acc-net"), cli.err());
        assertEquals("acc-net bridge\n", cli.out());
        cli.reset();
        assertEquals(1, cli.run("", "network", "inspect", "nope"));
        assertEquals("Error: No such network: nope\n", cli.err());
    }

    @Test
    void rmRemovesEachAndReportsFailuresOneByOne() {
        cli.daemon.on("DELETE /v1.41/networks/a", (r, x) -> x.noContent());
        cli.daemon.on("DELETE /v1.41/networks/b", (r, x) -> x.json(403,
                "{\"message\":\"error while removing network: network b id 123 has active endpoints\"}"));
        cli.daemon.on("DELETE /v1.41/networks/c", (r, x) -> x.noContent());
        assertEquals(1, cli.run("", "network", "rm", "a", "b", "c"));
        assertEquals("a\nc\n", cli.out());
        assertEquals("Error response from daemon: error while removing network: network b id 123 has active endpoints\n", cli.err());
    }

    @Test
    void pruneAsksThenListsWhatWent() {
        cli.daemon.on("POST /v1.41/networks/prune", (r, x) -> x.json(200, "{\"NetworksDeleted\":[\"n1\",\"n2\"]}"));
        assertEquals(0, cli.run("y\n", "network", "prune", "--filter", "until=24h"), cli.err());
        assertEquals("WARNING! This will remove all custom networks not used by at least one container.\n"
                + "Are you sure you want to continue? [y/N] Deleted Networks:\nn1\nn2\n\n", cli.out());
        cli.reset();
        assertEquals(0, cli.run("", "network", "prune", "-f"));
        assertEquals("Deleted Networks:\nn1\nn2\n\n", cli.out());
    }

    @Test
    void connectAndDisconnectSendDockersBodies() throws IOException {
        cli.daemon.on("POST /v1.41/networks/acc-net/connect", (r, x) -> x.json(200, ""));
        cli.daemon.on("POST /v1.41/networks/acc-net/disconnect", (r, x) -> x.json(200, ""));
        assertEquals(0, cli.run("", "network", "connect", "--alias", "web", "--alias", "www", "--ip", "10.99.0.7", "acc-net", "c1"), cli.err());
        assertEquals("", cli.out());
        assertEquals("{\"Container\":\"c1\",\"EndpointConfig\":{\"IPAMConfig\":{\"IPv4Address\":\"10.99.0.7\"},\"Links\":null,"
                + "\"Aliases\":[\"web\",\"www\"]}}", body("POST /v1.41/networks/acc-net/connect").toString());
        cli.reset();
        assertEquals(0, cli.run("", "network", "disconnect", "-f", "acc-net", "c1"), cli.err());
        assertEquals("{\"Container\":\"c1\",\"Force\":true}", body("POST /v1.41/networks/acc-net/disconnect").toString());
    }

    private static ContainerSpecCommand parse(String... args) {
        Io io = Io.of(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), new ByteArrayOutputStream());
        CommandLine commandLine = CommandTree.build(io, Map.of(), FakeTerminal::none);
        CommandLine.ParseResult result = commandLine.parseArgs(args);
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        return (ContainerSpecCommand) result.commandSpec().userObject();
    }

    @Test
    @SuppressWarnings("unchecked")
    void runSendsAliasesAddressAndPortRanges() throws Exception {
        Map<String, Object> body = parse("run", "--net", "acc-net", "--network-alias", "web", "--ip", "10.99.0.9",
                "-p", "8000-8010:80", "-p", "127.0.0.1:9000-9001:90-91/udp", "-p", "70-71", "busybox").createBody();
        assertEquals(Map.of("EndpointsConfig", Map.of("acc-net", Map.of("IPAMConfig", Map.of("IPv4Address", "10.99.0.9"),
                "Aliases", List.of("web")))), body.get("NetworkingConfig"));
        Map<String, Object> bindings = (Map<String, Object>) ((Map<String, Object>) body.get("HostConfig")).get("PortBindings");
        assertEquals(List.of(Map.of("HostIp", "", "HostPort", "8000-8010")), bindings.get("80/tcp"));
        assertEquals(List.of(Map.of("HostIp", "127.0.0.1", "HostPort", "9000")), bindings.get("90/udp"));
        assertEquals(List.of(Map.of("HostIp", "127.0.0.1", "HostPort", "9001")), bindings.get("91/udp"));
        assertEquals(List.of(Map.of("HostIp", "", "HostPort", "")), bindings.get("71/tcp"));
        assertNull(parse("run", "busybox").createBody().get("NetworkingConfig"));
        Map<String, Object> dnsHost = (Map<String, Object>) parse("run", "--dns", "10.9.9.9", "--dns-search", "corp.example",
                "--dns-option", "edns0", "--add-host", "db:10.1.2.3", "busybox").createBody().get("HostConfig");
        assertEquals(List.of("10.9.9.9"), dnsHost.get("Dns"));
        assertEquals(List.of("corp.example"), dnsHost.get("DnsSearch"));
        assertEquals(List.of("edns0"), dnsHost.get("DnsOptions"));
        assertEquals(List.of("db:10.1.2.3"), dnsHost.get("ExtraHosts"));
        assertThrows(IllegalArgumentException.class, () -> parse("run", "--add-host", "nocolon", "busybox").createBody());
        assertNull(parse("run", "--network", "host", "busybox").createBody().get("NetworkingConfig"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("run", "-p", "8000-8001:80-82", "busybox").createBody());
        assertEquals("invalid ranges specified for container and host Ports: 80-82 and 8000-8001", e.getMessage());
    }

    @Test
    void psShowsPublishedAndExposedPorts() {
        cli.daemon.on("GET /v1.41/containers/json", (r, x) -> x.json(200, "[{\"Id\":\"" + ID_A + "\",\"Names\":[\"/web\"],"
                + "\"Image\":\"busybox\",\"ImageID\":\"sha256:" + ID_B + "\",\"Command\":\"httpd\",\"Created\":0,"
                + "\"Ports\":[{\"IP\":\"127.0.0.1\",\"PrivatePort\":8080,\"PublicPort\":18080,\"Type\":\"tcp\"},"
                + "{\"IP\":\"0.0.0.0\",\"PrivatePort\":9090,\"PublicPort\":32768,\"Type\":\"tcp\"},{\"PrivatePort\":7070,\"Type\":\"tcp\"}],"
                + "\"State\":\"running\",\"Status\":\"Up 1 second\"}]"));
        assertEquals(0, cli.run("", "ps", "--format", "{{.Ports}}"), cli.err());
        assertEquals("7070/tcp, 127.0.0.1:18080->8080/tcp, 0.0.0.0:32768->9090/tcp\n", cli.out());
    }
}
