package dev.berth.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.berth.api.network.v1.CreateNetworkRequest;
import dev.berth.api.network.v1.Endpoint;
import dev.berth.api.network.v1.NetworkInfo;
import dev.berth.gateway.api.DockerApiException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Networks in Docker's JSON, the create body checked, the list and prune filters. */
class NetworkJsonTest {
    private static final NetworkInfo USER = NetworkInfo.newBuilder().setId("4f3a".repeat(16)).setName("acc-net").setDriver("bridge")
            .setSubnet("10.73.0.0/24").setGateway("10.73.0.1").setIpRange("10.73.0.128/25").setInternal(true)
            .putLabels("team", "net").putOptions("com.docker.network.driver.mtu", "1400")
            .setCreated(Timestamp.newBuilder().setSeconds(1_700_000_000).build())
            .addEndpoints(Endpoint.newBuilder().setContainerId("c1").setEndpointId("e1").setMacAddress("02:42:0a:49:00:02")
                    .setIpAddress("10.73.0.2").setPrefixLength(24).setContainerName("web"))
            .addEndpoints(Endpoint.newBuilder().setContainerId("c2").setEndpointId("e2").setIpAddress("10.73.0.3").setPrefixLength(24))
            .build();
    private static final NetworkInfo BRIDGE = NetworkInfo.newBuilder().setId("b".repeat(64)).setName("bridge")
            .setDriver("bridge").setBuiltIn(true).setSubnet("10.72.0.0/24").build();

    @Test
    void inspectIsDockersNetworkResource() {
        var json = NetworkJson.network(USER, id -> id.equals("c2") ? "db" : null);
        assertEquals("acc-net", json.path("Name").asText());
        assertEquals("local", json.path("Scope").asText());
        assertEquals("2023-11-14T22:13:20Z", json.path("Created").asText());
        assertEquals("{\"Driver\":\"default\",\"Options\":{},\"Config\":[{\"Subnet\":\"10.73.0.0/24\",\"IPRange\":\"10.73.0.128/25\","
                + "\"Gateway\":\"10.73.0.1\"}]}", json.path("IPAM").toString());
        assertTrue(json.path("Internal").asBoolean());
        assertEquals("{\"Name\":\"web\",\"EndpointID\":\"e1\",\"MacAddress\":\"02:42:0a:49:00:02\",\"IPv4Address\":\"10.73.0.2/24\","
                + "\"IPv6Address\":\"\"}", json.path("Containers").path("c1").toString());
        assertEquals("db", json.path("Containers").path("c2").path("Name").asText());
        assertEquals("{\"com.docker.network.driver.mtu\":\"1400\"}", json.path("Options").toString());
        assertEquals("{\"team\":\"net\"}", json.path("Labels").toString());
        assertEquals("{\"Network\":\"\"}", json.path("ConfigFrom").toString());
    }

    @Test
    void listFiltersAsMobys() {
        assertTrue(NetworkFilters.list(Map.of("name", List.of("acc"))).test(USER));
        assertFalse(NetworkFilters.list(Map.of("name", List.of("other"))).test(USER));
        assertTrue(NetworkFilters.list(Map.of("id", List.of("4f3a4f"))).test(USER));
        assertTrue(NetworkFilters.list(Map.of("name", List.of("^acc-"))).test(USER));
        assertFalse(NetworkFilters.list(Map.of("name", List.of("^net"))).test(USER));
        assertTrue(NetworkFilters.list(Map.of("type", List.of("custom"))).test(USER));
        assertFalse(NetworkFilters.list(Map.of("type", List.of("custom"))).test(BRIDGE));
        assertTrue(NetworkFilters.list(Map.of("type", List.of("builtin"))).test(BRIDGE));
        assertTrue(NetworkFilters.list(Map.of("label", List.of("team=net"))).test(USER));
        assertFalse(NetworkFilters.list(Map.of("label", List.of("team=other"))).test(USER));
        assertFalse(NetworkFilters.list(Map.of("dangling", List.of("true"))).test(USER));
        assertFalse(NetworkFilters.list(Map.of("dangling", List.of("true"))).test(BRIDGE));
        assertTrue(NetworkFilters.list(Map.of("driver", List.of("bridge"))).test(USER));
        assertEquals("invalid filter 'colour'",
                assertThrows(DockerApiException.class, () -> NetworkFilters.list(Map.of("colour", List.of("x")))).getMessage());
        assertEquals("invalid filter: 'type'='x'",
                assertThrows(DockerApiException.class, () -> NetworkFilters.list(Map.of("type", List.of("x")))).getMessage());
    }

    @Test
    void pruneFiltersUntilAndLabels() {
        Instant now = Instant.ofEpochSecond(1_700_000_000 + 3600);
        assertTrue(NetworkFilters.prune(Map.of("until", List.of("30m")), now).test(USER));
        assertFalse(NetworkFilters.prune(Map.of("until", List.of("2h")), now).test(USER));
        assertTrue(NetworkFilters.prune(Map.of("until", List.of("2023-11-15T00:00:00Z")), now).test(USER));
        assertFalse(NetworkFilters.prune(Map.of("label!", List.of("team")), now).test(USER));
        assertThrows(DockerApiException.class, () -> NetworkFilters.prune(Map.of("name", List.of("x")), now));
    }

    @Test
    void createBodyBecomesTheServicesRequest() {
        CreateNetworkRequest request = NetworkCreateRequests.parse(Json.parse("{\"Name\":\"acc-net\",\"CheckDuplicate\":true,"
                + "\"Driver\":\"bridge\",\"IPAM\":{\"Driver\":\"default\",\"Config\":[{\"Subnet\":\"10.99.0.0/24\",\"Gateway\":\"10.99.0.254\"}]},"
                + "\"Internal\":true,\"Attachable\":true,\"Options\":{\"o\":\"1\"},\"Labels\":{\"l\":\"2\"}}"));
        assertEquals("acc-net", request.getName());
        assertEquals("10.99.0.0/24", request.getSubnet());
        assertEquals("10.99.0.254", request.getGateway());
        assertTrue(request.getInternal() && request.getAttachable());
        assertEquals(Map.of("o", "1"), request.getOptionsMap());
        assertEquals(Map.of("l", "2"), request.getLabelsMap());
        assertEquals(400, status("{\"Name\":\"n\",\"EnableIPv6\":true}"));
        assertEquals(404, status("{\"Name\":\"n\",\"Driver\":\"overlay\"}"));
        assertEquals(403, status("{\"Name\":\"n\",\"Driver\":\"host\"}"));
        assertEquals(400, status("{\"Name\":\"n\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.1.0.0/24\"},{\"Subnet\":\"10.2.0.0/24\"}]}}"));
        assertEquals(400, status("{\"Name\":\"n\",\"IPAM\":{\"Config\":[{\"Gateway\":\"10.1.0.1\"}]}}"));
        assertEquals(400, status("{}"));
    }

    private static int status(String body) {
        return assertThrows(DockerApiException.class, () -> NetworkCreateRequests.parse(Json.parse(body))).status();
    }
}
