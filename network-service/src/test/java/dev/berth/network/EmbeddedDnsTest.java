package dev.berth.network;

import static dev.berth.network.TestStack.netns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.network.v1.CreateSandboxRequest;
import dev.berth.api.network.v1.DetachRequest;
import dev.berth.api.network.v1.Endpoint;
import dev.berth.api.network.v1.RenameContainerRequest;
import dev.berth.network.DnsClient.Answer;
import io.grpc.Status;
import io.netty.handler.codec.dns.DnsRecordType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DNS server of a user-defined network, asked on its gateway address from the host (and from
 * a container), with a fake upstream resolver on 127.0.0.1: nothing is asked of any real resolver.
 */
class EmbeddedDnsTest {
    private static final String DNS = "10.71.51.1";
    private static final Answer NXDOMAIN = new Answer("NXDOMAIN", List.of(), List.of());

    @TempDir
    Path dir;
    private FakeUpstreamResolver upstream;
    private TestStack stack;
    private String web;
    private Endpoint webEndpoint;

    @BeforeAll
    static void cleanBefore() throws Exception {
        TestStack.beforeClass();
    }

    @AfterAll
    static void cleanAfter() throws Exception {
        TestStack.afterClass();
    }

    @BeforeEach
    void start() throws Exception {
        upstream = new FakeUpstreamResolver();
        stack = new TestStack(dir, TestStack.settings().withDnsUpstreams(List.of(upstream.address())));
        stack.start();
        assertEquals(DNS, stack.createNetwork("front", 1, "10.71.51.0/24").getDnsServer());
        web = stack.sandbox();
        webEndpoint = stack.attach(web, "front", "web", "www", "Frontend");
    }

    @AfterEach
    void stop() throws Exception {
        stack.close();
        upstream.close();
    }

    private static Answer ask(String name) throws Exception {
        return DnsClient.udp(DNS, 53, name, DnsRecordType.A);
    }

    private static Answer addresses(String... addresses) {
        return new Answer("NOERROR", List.of(addresses), List.of());
    }

    @Test
    void answersContainerNamesAliasesAndShortIdsInAnyCase() throws Exception {
        String ip = webEndpoint.getIpAddress();
        assertEquals(DNS, webEndpoint.getDnsServer());
        assertEquals(addresses(ip), ask("web"));
        assertEquals(addresses(ip), ask("WEB."));
        assertEquals(addresses(ip), ask("www"));
        assertEquals(addresses(ip), ask("frontend"));
        assertEquals(addresses(ip), ask(web.substring(0, 12)));
        assertEquals(addresses(ip), ask("web.front"));
        assertEquals(new Answer("NOERROR", List.of(), List.of()), DnsClient.udp(DNS, 53, "web", DnsRecordType.AAAA),
                "a known name without an IPv6 address");
        String[] octets = ip.split("\\.");
        String reverse = octets[3] + "." + octets[2] + "." + octets[1] + "." + octets[0] + ".in-addr.arpa";
        assertEquals(new Answer("NOERROR", List.of(), List.of("web.front.")),
                DnsClient.udp(DNS, 53, reverse, DnsRecordType.PTR));
        assertEquals(addresses(ip), DnsClient.tcp(DNS, 53, "web", DnsRecordType.A), "over TCP too");
        assertTrue(upstream.asked.isEmpty(), "nothing of the network was forwarded: " + upstream.asked);

        // from a container on the network, the way its resolv.conf will point
        String db = stack.sandbox();
        stack.attach(db, "front", "db");
        String lookup = TestStack.inNetns(netns(db), "busybox", "nslookup", "web", DNS);
        assertTrue(lookup.contains(ip), lookup);
    }

    @Test
    void otherNamesGoToTheUpstreamResolverOverTheClientsProtocol() throws Exception {
        assertEquals(addresses(FakeUpstreamResolver.KNOWN_ADDRESS), ask(FakeUpstreamResolver.KNOWN_NAME));
        assertEquals(addresses(FakeUpstreamResolver.KNOWN_ADDRESS),
                DnsClient.tcp(DNS, 53, FakeUpstreamResolver.KNOWN_NAME, DnsRecordType.A));
        assertEquals(NXDOMAIN, ask("nosuch.example.test"));
        assertEquals(List.of("example.test", "example.test", "nosuch.example.test"), upstream.asked);
    }

    @Test
    void aContainersOwnNameServersAnswerItsOtherQuestions() throws Exception {
        String ownServer = "127.0.71.53";
        try (FakeUpstreamResolver own = new FakeUpstreamResolver(java.net.InetAddress.getByName(ownServer), 53)) {
            String db = stack.newContainer();
            stack.network.createSandbox(CreateSandboxRequest.newBuilder().setContainerId(db).addDnsServers(ownServer).build());
            stack.attach(db, "front", "db");

            String lookup = TestStack.inNetns(netns(db), "busybox", "nslookup", FakeUpstreamResolver.KNOWN_NAME, DNS);
            assertTrue(lookup.contains(FakeUpstreamResolver.KNOWN_ADDRESS), lookup);
            assertTrue(own.asked.contains(FakeUpstreamResolver.KNOWN_NAME), "its --dns server was asked: " + own.asked);
            assertTrue(upstream.asked.isEmpty(), "the network's upstream was not: " + upstream.asked);
            String local = TestStack.inNetns(netns(db), "busybox", "nslookup", "web", DNS);
            assertTrue(local.contains(webEndpoint.getIpAddress()), "the network's names stay its own: " + local);
            assertFalse(own.asked.contains("web"), own.asked.toString());

            String plain = TestStack.inNetns(netns(web), "busybox", "nslookup", FakeUpstreamResolver.KNOWN_NAME, DNS);
            assertTrue(plain.contains(FakeUpstreamResolver.KNOWN_ADDRESS), plain);
            assertTrue(upstream.asked.contains(FakeUpstreamResolver.KNOWN_NAME), "a container without --dns: the network's upstream");
        }
        TestStack.assertStatus(Status.Code.INVALID_ARGUMENT, "not an IP address", () -> stack.network.createSandbox(
                CreateSandboxRequest.newBuilder().setContainerId(stack.newContainer()).addDnsServers("dns.example.test").build()));
        stack.network.createSandbox(CreateSandboxRequest.newBuilder().setContainerId(stack.newContainer())
                .addDnsServers("2001:db8::53").build()); // IPv6 name servers are taken as Docker takes them
    }

    @Test
    void withoutUpstreamsOtherNamesFailWithServfailAsDockers() throws Exception {
        stack.close();
        stack = new TestStack(dir.resolve("none"), TestStack.settings().withDnsUpstreams(List.of()));
        stack.start();
        stack.createNetwork("front", 1, "10.71.51.0/24");
        String id = stack.sandbox();
        String ip = stack.attach(id, "front", "solo").getIpAddress();

        assertEquals(addresses(ip), ask("solo"));
        assertEquals(new Answer("SERVFAIL", List.of(), List.of()), ask(FakeUpstreamResolver.KNOWN_NAME));
        assertTrue(upstream.asked.isEmpty());
    }

    @Test
    void namesFollowAttachRenameDetachAndRemoveAndSurviveARestart() throws Exception {
        String db = stack.sandbox();
        String dbIp = stack.attach(db, "front", "db", "www").getIpAddress();
        assertEquals(List.of(webEndpoint.getIpAddress(), dbIp).stream().sorted().toList(),
                ask("www").addresses().stream().sorted().toList(), "an alias two containers share");

        stack.network.renameContainer(RenameContainerRequest.newBuilder().setContainerId(db).setNewName("db2").build());
        assertEquals(NXDOMAIN, ask("db"));
        assertEquals(addresses(dbIp), ask("db2"));

        stack.network = stack.restart();
        assertEquals(addresses(dbIp), ask("db2"), "records are remade from the state");
        assertEquals(addresses(webEndpoint.getIpAddress()), ask("web"));

        stack.network.detach(DetachRequest.newBuilder().setContainerId(db).setNetwork("front").build());
        assertEquals(NXDOMAIN, ask("db2"));
        assertEquals(NXDOMAIN, ask(db.substring(0, 12)));
        assertEquals(addresses(webEndpoint.getIpAddress()), ask("www"));

        stack.removeSandbox(web);
        assertEquals(NXDOMAIN, ask("web"));
        assertEquals(NXDOMAIN, ask("www"));

        // the server goes with the network: the same address can serve a new network at once
        stack.removeNetwork("front");
        stack.createNetwork("again", 2, "10.71.51.0/24");
        assertEquals(NXDOMAIN, ask("web"));
    }
}
