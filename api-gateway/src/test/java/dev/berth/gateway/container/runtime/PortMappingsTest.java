package dev.berth.gateway.container.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.network.v1.PortMapping;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.ContainerConfig;
import dev.berth.gateway.container.HostConfig;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Published ports from HostConfig, the networks a container is on, and resolv.conf with a network's name server. */
class PortMappingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ContainerRecord record(String config, String host, String networking) throws Exception {
        return new ContainerRecord("c".repeat(64), "web", Instant.now(), "sha256:x", "busybox", "sh", List.of(),
                JSON.readValue(config, ContainerConfig.class), JSON.readValue(host, HostConfig.class),
                networking == null ? null : (ObjectNode) JSON.readTree(networking), ContainerRecord.createdState(),
                List.of(), null, 0, false, "g");
    }

    private static String text(List<PortMapping> mappings) {
        return String.join(" ", mappings.stream().map(m -> m.getProtocol() + ":" + m.getHostIp() + ":" + m.getHostPort()
                + "-" + m.getHostPortEnd() + "->" + m.getContainerPort()).toList());
    }

    @Test
    void bindingsRangesAndPublishAll() throws Exception {
        ContainerRecord r = record("{\"ExposedPorts\":{\"8080/tcp\":{},\"53/udp\":{},\"9000\":{}}}",
                "{\"NetworkMode\":\"bridge\",\"PublishAllPorts\":true,\"PortBindings\":{\"8080/tcp\":[{\"HostIp\":\"127.0.0.1\","
                        + "\"HostPort\":\"18080\"}],\"80/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"8000-8010\"}],\"81/tcp\":[{\"HostPort\":\"\"}]}}",
                null);
        assertEquals("tcp:127.0.0.1:18080-0->8080 tcp::8000-8010->80 tcp::0-0->81 udp::0-0->53 tcp::0-0->9000",
                text(PortMappings.requested(r)));
        ContainerRecord host = record("{}", "{\"NetworkMode\":\"host\",\"PortBindings\":{\"80/tcp\":[{\"HostPort\":\"80\"}]}}", null);
        assertEquals("", text(PortMappings.requested(host)));
    }

    @Test
    void badBindingsAreRefusedAtCreate() throws Exception {
        assertThrows(DockerApiException.class, () -> PortMappings.validate(JSON.readValue(
                "{\"PortBindings\":{\"80/sctp\":[{\"HostPort\":\"80\"}]}}", HostConfig.class)));
        assertThrows(DockerApiException.class, () -> PortMappings.validate(JSON.readValue(
                "{\"PortBindings\":{\"80/tcp\":[{\"HostPort\":\"99999\"}]}}", HostConfig.class)));
        assertThrows(DockerApiException.class, () -> PortMappings.validate(JSON.readValue(
                "{\"PortBindings\":{\"80/tcp\":[{\"HostPort\":\"90-80\"}]}}", HostConfig.class)));
        assertThrows(DockerApiException.class, () -> PortMappings.validate(JSON.readValue(
                "{\"PortBindings\":{\"80/tcp\":[{\"HostIp\":\"nope\",\"HostPort\":\"80\"}]}}", HostConfig.class)));
    }

    @Test
    void networksPrimaryFirstConnectAndDisconnect() throws Exception {
        ContainerRecord r = record("{}", "{\"NetworkMode\":\"front\"}",
                "{\"EndpointsConfig\":{\"back\":{},\"front\":{\"Aliases\":[\"web\"],\"IPAMConfig\":{\"IPv4Address\":\"10.1.0.9\"}}}}");
        assertEquals(List.of("front", "back"), EndpointsConfig.networks(r));
        assertEquals(List.of("web"), EndpointsConfig.aliases(r, "front"));
        assertEquals("10.1.0.9", EndpointsConfig.ipv4(r, "front"));
        ContainerRecord legacy = record("{}", "{\"NetworkMode\":\"default\"}", null);
        assertEquals(List.of("bridge"), EndpointsConfig.networks(legacy));
        ContainerRecord connected = legacy.withNetworkingConfig(EndpointsConfig.with(legacy, "extra", List.of("x"), ""));
        assertEquals(List.of("bridge", "extra"), EndpointsConfig.networks(connected));
        ContainerRecord off = connected.withNetworkingConfig(EndpointsConfig.without(connected, "bridge"));
        assertEquals(List.of("extra"), EndpointsConfig.networks(off));
        assertEquals(List.of(), EndpointsConfig.networks(record("{}", "{\"NetworkMode\":\"none\"}", null)));
    }

    @Test
    void resolvConfWithTheNetworksNameServer() {
        assertEquals("nameserver 10.73.0.1\nsearch corp.example\noptions edns0 ndots:0\n", ResolvConf.withNameServer(
                "nameserver 127.0.0.53\nsearch corp.example\noptions edns0 ndots:2\n", "10.73.0.1"));
        assertEquals("nameserver 10.73.0.1\noptions ndots:0\n", ResolvConf.withNameServer("", "10.73.0.1"));
    }

    @Test
    void psFiltersOnPublishedAndExposedPorts() throws Exception {
        ContainerRecord r = record("{\"ExposedPorts\":{\"9000/tcp\":{},\"53/udp\":{}}}", "{\"NetworkMode\":\"bridge\"}", null)
                .started(1, Instant.now())
                .withNetwork(List.of(new dev.berth.gateway.container.NetworkEndpoint("bridge", "n", "e", "10.0.0.2", 24, "", "",
                        List.of()).withPorts(List.of(new dev.berth.gateway.container.PublishedPort("tcp", 8080, "127.0.0.1", 32768)))), null);
        org.junit.jupiter.api.Assertions.assertTrue(PortFilter.published("8080", r));
        org.junit.jupiter.api.Assertions.assertTrue(PortFilter.published("8000-8100/tcp", r));
        org.junit.jupiter.api.Assertions.assertFalse(PortFilter.published("8080/udp", r));
        org.junit.jupiter.api.Assertions.assertTrue(PortFilter.exposed("53/udp", r));
        org.junit.jupiter.api.Assertions.assertFalse(PortFilter.exposed("53", r));
        assertThrows(DockerApiException.class, () -> PortFilter.published("x", r));
    }
}
