package dev.berth.gateway.container.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.network.v1.ListSandboxesRequest;
import dev.berth.gateway.GatewayServer;
import dev.berth.gateway.container.Container;
import dev.berth.gateway.container.ContainerService;
import dev.berth.gateway.container.ExecConfig;
import dev.berth.gateway.container.OutputSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Networks and published ports through the gateway's HTTP API, against the real network service
 * (bridges, DNS, port forwarding), shim host and runc. Traffic goes only to loopback and to
 * containers on the bridges this test makes.
 */
class NetworkIntegrationTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String HTTPD = "mkdir -p /www && echo served-$0 > /www/index.html && exec httpd -f -p 8080 -h /www";

    private static ServedGateway gateway;
    private static RuntimeServices services;
    private static GatewayServer server;
    private static ContainerService containers;
    private static Path socket;

    @BeforeAll
    static void start() throws Exception {
        gateway = ServedGateway.start();
        services = gateway.services;
        server = gateway.server;
        socket = gateway.socket;
        containers = gateway.bean(ContainerService.class);
    }

    @AfterEach
    void removeAll() throws IOException {
        for (Container c : containers.list(true, Map.of())) {
            containers.remove(c.id(), true, false);
        }
        for (JsonNode n : MAPPER.readTree(call("GET", "/networks", null).text())) {
            if (n.path("Name").asText().startsWith("it-")) {
                call("DELETE", "/networks/" + n.path("Id").asText(), null);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static BuildHttp.Response call(String method, String path, Object body) throws IOException {
        byte[] bytes = body == null ? null : body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : MAPPER.writeValueAsBytes(body);
        return BuildHttp.call(socket, method, "/v1.41" + path, bytes, bytes == null ? null : "application/json");
    }

    private static JsonNode json(BuildHttp.Response response, int status) throws IOException {
        assertEquals(status, response.status(), response::text);
        return response.body().length == 0 ? MAPPER.nullNode() : MAPPER.readTree(response.body());
    }

    private static String createNetwork(String name) throws IOException {
        return json(call("POST", "/networks/create", Map.of("Name", name, "CheckDuplicate", true)), 201).path("Id").asText();
    }

    /** docker run -d: create and start; the container's id. */
    private static String run(String name, String network, Map<String, Object> host, List<String> cmd) throws IOException {
        Map<String, Object> hostConfig = new java.util.LinkedHashMap<>(host);
        hostConfig.put("NetworkMode", network);
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("Image", "busybox");
        body.put("Cmd", cmd);
        body.put("HostConfig", hostConfig);
        if (!network.equals("default") && !network.equals("bridge")) {
            body.put("NetworkingConfig", Map.of("EndpointsConfig", Map.of(network, Map.of())));
        }
        String id = json(call("POST", "/containers/create?name=" + name, body), 201).path("Id").asText();
        BuildHttp.Response started = call("POST", "/containers/" + id + "/start", null);
        if (started.status() != 204) {
            throw new StartRefused(id, started);
        }
        return id;
    }

    static final class StartRefused extends RuntimeException {
        final String id;
        final BuildHttp.Response response;

        StartRefused(String id, BuildHttp.Response response) {
            super(response.status() + " " + response.text());
            this.id = id;
            this.response = response;
        }
    }

    /** Runs a command in the container; its output. */
    private static String exec(String container, String... cmd) throws Exception {
        String execId = containers.execCreate(container,
                new ExecConfig(false, true, true, null, false, null, List.of(cmd), false, null, null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        containers.execStart(execId, new OutputSink() {
            @Override
            public synchronized void output(int stream, byte[] data) {
                out.writeBytes(data);
            }

            @Override
            public void closed(Throwable error) {
                ended.complete(error);
            }
        });
        ended.get(30, TimeUnit.SECONDS);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static JsonNode inspect(String container) throws IOException {
        return json(call("GET", "/containers/" + container + "/json", null), 200);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** GET http://127.0.0.1:port/index.html, retried while httpd starts; null when nothing answers. */
    private static String get(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/index.html").toURL().openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(2000);
                try (InputStream in = c.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                }
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        return null;
    }

    @Test
    void createInspectListAndRemoveANetwork() throws Exception {
        String id = createNetwork("it-net1");
        assertEquals(64, id.length());
        BuildHttp.Response duplicate = call("POST", "/networks/create", Map.of("Name", "it-net1"));
        assertEquals(409, duplicate.status());
        assertEquals("network with name it-net1 already exists", MAPPER.readTree(duplicate.body()).path("message").asText());
        JsonNode network = json(call("GET", "/networks/it-net1", null), 200);
        assertEquals(id, network.path("Id").asText());
        assertEquals("bridge", network.path("Driver").asText());
        assertEquals("local", network.path("Scope").asText());
        String subnet = network.path("IPAM").path("Config").get(0).path("Subnet").asText();
        assertTrue(subnet.startsWith(ServiceStack.POOL.substring(0, ServiceStack.POOL.indexOf('.', 3))), subnet);
        assertEquals(id, json(call("GET", "/networks/" + id.substring(0, 12), null), 200).path("Id").asText(), "an id prefix");
        JsonNode listed = json(call("GET", "/networks?filters=" + BuildHttp.encode("{\"name\":{\"it-net1\":true}}"), null), 200);
        assertEquals(1, listed.size());
        JsonNode custom = json(call("GET", "/networks?filters=" + BuildHttp.encode("{\"type\":{\"custom\":true}}"), null), 200);
        assertTrue(custom.findValuesAsText("Name").contains("it-net1"));
        assertFalse(custom.findValuesAsText("Name").contains("bridge"));

        BuildHttp.Response overlap = call("POST", "/networks/create", Map.of("Name", "it-net2",
                "IPAM", Map.of("Config", List.of(Map.of("Subnet", subnet)))));
        assertEquals(403, overlap.status(), overlap.text());
        assertTrue(overlap.text().toLowerCase().contains("overlap"), overlap.text());

        assertEquals(403, call("DELETE", "/networks/bridge", null).status());
        assertEquals(204, call("DELETE", "/networks/it-net1", null).status());
        BuildHttp.Response gone = call("DELETE", "/networks/it-net1", null);
        assertEquals(404, gone.status());
        assertEquals("network it-net1 not found", MAPPER.readTree(gone.body()).path("message").asText());
        var bus = server.context().getBean(dev.berth.gateway.events.EventBus.class);
        try (var seen = bus.subscribe(0, e -> { })) {
            List<String> actions = seen.past().stream().filter(e -> e.type().equals("network") && e.actorId().equals(id))
                    .map(e -> e.action()).toList();
            assertEquals(List.of("create", "destroy"), actions);
        }
    }

    @Test
    void containersOnAUserNetworkResolveEachOtherByName() throws Exception {
        createNetwork("it-dns");
        String one = run("it-one", "it-dns", Map.of(), List.of("sleep", "300"));
        String two = run("it-two", "it-dns", Map.of(), List.of("sleep", "300"));
        String ping = exec(one, "busybox", "ping", "-c1", "-W2", "it-two");
        assertTrue(ping.contains("1 packets received"), ping);
        assertTrue(exec(two, "busybox", "ping", "-c1", "-W2", one.substring(0, 12)).contains("1 packets received"), "the short id resolves");

        JsonNode endpoint = inspect(two).path("NetworkSettings").path("Networks").path("it-dns");
        assertFalse(endpoint.path("IPAddress").asText().isEmpty(), endpoint::toString);
        assertTrue(endpoint.path("IPPrefixLen").asInt() > 0);
        assertTrue(endpoint.path("Aliases").toString().contains(two.substring(0, 12)), endpoint::toString);
        String resolv = Files.readString(Path.of(inspect(two).path("ResolvConfPath").asText()));
        assertTrue(resolv.contains("options ndots:0") && resolv.startsWith("nameserver "), resolv);

        JsonNode network = json(call("GET", "/networks/it-dns", null), 200);
        assertEquals(2, network.path("Containers").size(), network::toString);
        assertEquals("it-one", network.path("Containers").path(one).path("Name").asText());
        assertTrue(network.path("Containers").path(one).path("IPv4Address").asText().contains("/"));

        assertEquals(204, call("POST", "/containers/it-two/rename?name=it-deux", null).status());
        assertTrue(exec(one, "busybox", "ping", "-c1", "-W2", "it-deux").contains("1 packets received"), "renamed in the DNS");
        assertEquals("it-deux", json(call("GET", "/networks/it-dns", null), 200).path("Containers").path(two).path("Name").asText());

        BuildHttp.Response inUse = call("DELETE", "/networks/it-dns", null);
        assertEquals(403, inUse.status());
        assertTrue(inUse.text().contains("error while removing network: network it-dns id ") && inUse.text().contains("has active endpoints"),
                inUse.text());
    }

    @Test
    void connectAndDisconnectARunningContainer() throws Exception {
        createNetwork("it-conn");
        String a = run("it-a", "it-conn", Map.of(), List.of("sleep", "300"));
        String b = run("it-b", "default", Map.of(), List.of("sleep", "300"));
        assertEquals(200, call("POST", "/networks/it-conn/connect", Map.of("Container", "it-b",
                "EndpointConfig", Map.of("Aliases", List.of("bee")))).status());
        assertTrue(exec(a, "busybox", "ping", "-c1", "-W2", "it-b").contains("1 packets received"));
        assertTrue(exec(a, "busybox", "ping", "-c1", "-W2", "bee").contains("1 packets received"), "the alias resolves");
        JsonNode networks = inspect(b).path("NetworkSettings").path("Networks");
        assertTrue(networks.has("bridge") && networks.has("it-conn"), networks::toString);
        assertEquals(403, call("POST", "/networks/it-conn/connect", Map.of("Container", "it-b")).status(), "already connected");

        assertEquals(200, call("POST", "/networks/it-conn/disconnect", Map.of("Container", "it-b")).status());
        assertFalse(exec(a, "busybox", "ping", "-c1", "-W1", "it-b").contains("1 packets received"));
        assertFalse(inspect(b).path("NetworkSettings").path("Networks").has("it-conn"));
    }

    @Test
    void aPublishedPortAnswersOnLoopbackAndARandomOneIsShown() throws Exception {
        int port = freePort();
        String web = run("it-web", "default", Map.of("PortBindings",
                Map.of("8080/tcp", List.of(Map.of("HostIp", "127.0.0.1", "HostPort", String.valueOf(port))))), List.of("sh", "-c", HTTPD, "one"));
        assertEquals("served-one", get(port));
        JsonNode ports = inspect(web).path("NetworkSettings").path("Ports");
        assertEquals("[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"" + port + "\"}]", ports.path("8080/tcp").toString());
        assertEquals(String.valueOf(port), inspect(web).path("HostConfig").path("PortBindings").path("8080/tcp").get(0).path("HostPort").asText());

        String random = run("it-web2", "default", Map.of("PortBindings",
                Map.of("8080/tcp", List.of(Map.of("HostIp", "127.0.0.1", "HostPort", "")))), List.of("sh", "-c", HTTPD, "two"));
        String chosen = inspect(random).path("NetworkSettings").path("Ports").path("8080/tcp").get(0).path("HostPort").asText();
        assertNotEquals("", chosen);
        assertNotEquals("0", chosen);
        assertEquals("served-two", get(Integer.parseInt(chosen)));
        JsonNode list = json(call("GET", "/containers/json", null), 200);
        assertTrue(list.toString().contains("\"PublicPort\":" + chosen), list::toString);
    }

    @Test
    void aTakenPortFailsTheStartAndLeavesNothing() throws Exception {
        int port = freePort();
        Map<String, Object> binding = Map.of("PortBindings",
                Map.of("80/tcp", List.of(Map.of("HostIp", "127.0.0.1", "HostPort", String.valueOf(port)))));
        run("it-pc1", "default", binding, List.of("sleep", "300"));
        StartRefused refused = org.junit.jupiter.api.Assertions.assertThrows(StartRefused.class,
                () -> run("it-pc2", "default", binding, List.of("sleep", "300")));
        assertEquals(500, refused.response.status());
        String message = MAPPER.readTree(refused.response.body()).path("message").asText();
        assertTrue(message.startsWith("driver failed programming external connectivity on endpoint it-pc2 ("), message);
        assertTrue(message.endsWith("Bind for 127.0.0.1:" + port + " failed: port is already allocated"), message);
        JsonNode state = inspect(refused.id).path("State");
        assertEquals("created", state.path("Status").asText());
        assertFalse(state.path("Running").asBoolean());
        boolean left = services.clients.network().listSandboxes(ListSandboxesRequest.getDefaultInstance()).getSandboxesList()
                .stream().anyMatch(s -> s.getContainerId().equals(refused.id));
        assertFalse(left, "the failed start's sandbox was removed");
    }

    @Test
    void aStartingGatewayRemovesSandboxesNoRunningContainerOwns() throws Exception {
        String running = run("it-keep", "default", Map.of(), List.of("sleep", "300"));
        String stray = "f".repeat(64); // as a gateway that crashed in the middle of a start leaves it
        services.clients.network().createSandbox(dev.berth.api.network.v1.CreateSandboxRequest.newBuilder().setContainerId(stray).build());
        ShimContainerService restarted = new ShimContainerService(services.settings, services.clients,
                server.context().getBean(dev.berth.gateway.image.ImageService.class));
        try {
            restarted.recover();
        } finally {
            restarted.close();
        }
        List<String> left = services.clients.network().listSandboxes(ListSandboxesRequest.getDefaultInstance()).getSandboxesList()
                .stream().map(dev.berth.api.network.v1.Sandbox::getContainerId).toList();
        assertFalse(left.contains(stray), left::toString);
        assertTrue(left.contains(running), "a running container keeps its sandbox");
    }

    @Test
    void aCreatedContainerConnectedWithAnAddressJoinsAtStartAndPublishesAllItsPorts() throws Exception {
        String subnet = ServiceStack.POOL.substring(0, ServiceStack.POOL.indexOf('.', 3)) + ".200.0/24";
        String prefix = subnet.substring(0, subnet.lastIndexOf('.') + 1);
        json(call("POST", "/networks/create", Map.of("Name", "it-late", "IPAM", Map.of("Config", List.of(Map.of("Subnet", subnet))))), 201);
        Map<String, Object> body = Map.of("Image", "busybox", "Cmd", List.of("sh", "-c", HTTPD, "late"),
                "ExposedPorts", Map.of("8080/tcp", Map.of()), "HostConfig", Map.of("PublishAllPorts", true));
        String id = json(call("POST", "/containers/create?name=it-late1", body), 201).path("Id").asText();
        assertEquals(200, call("POST", "/networks/it-late/connect", Map.of("Container", id,
                "EndpointConfig", Map.of("Aliases", List.of("later"), "IPAMConfig", Map.of("IPv4Address", prefix + "77")))).status());
        assertTrue(inspect(id).path("NetworkSettings").path("Networks").has("it-late"), "shown before it runs");
        assertEquals(204, call("POST", "/containers/" + id + "/start", null).status());

        JsonNode networks = inspect(id).path("NetworkSettings").path("Networks");
        assertEquals(prefix + "77", networks.path("it-late").path("IPAddress").asText(), networks::toString);
        assertEquals(prefix + "77", networks.path("it-late").path("IPAMConfig").path("IPv4Address").asText());
        assertFalse(networks.path("bridge").path("IPAddress").asText().isEmpty(), "still on its own network");
        assertEquals(networks.path("bridge").path("IPAddress").asText(), inspect(id).path("NetworkSettings").path("IPAddress").asText(),
                "the top-level address is the default bridge's");
        String probe = run("it-probe", "it-late", Map.of(), List.of("sleep", "300"));
        assertTrue(exec(probe, "busybox", "ping", "-c1", "-W2", "later").contains("1 packets received"));

        JsonNode port = inspect(id).path("NetworkSettings").path("Ports").path("8080/tcp").get(0);
        assertEquals("0.0.0.0", port.path("HostIp").asText());
        assertEquals("served-late", get(Integer.parseInt(port.path("HostPort").asText())));
    }
}
