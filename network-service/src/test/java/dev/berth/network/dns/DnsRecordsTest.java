package dev.berth.network.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.berth.network.ipam.Ipv4;
import dev.berth.network.state.EndpointRecord;
import dev.berth.network.state.NetworkRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DnsRecordsTest {
    private static final NetworkRecord FRONT = new NetworkRecord("n".repeat(64), "Front", "bridge", "10.71.0.0/24",
            "10.71.0.1", "br1", Map.of(), false, true, "", false, Map.of(), false, "");

    private static EndpointRecord endpoint(String containerId, String ip, String name, boolean pending,
                                           String... aliases) {
        return new EndpointRecord(containerId + "-ep", FRONT.id(), containerId, ip, 24, "10.71.0.1", "", "eth0",
                "vb0", List.of(aliases), name, pending);
    }

    @Test
    void namesAliasesAndShortIdsLeadToTheAddressInAnyCase() {
        DnsRecords records = DnsRecords.of(FRONT, List.of(
                endpoint("0123456789abcdef", "10.71.0.2", "Web", false, "www"),
                endpoint("fedcba9876543210", "10.71.0.3", "", false, "www"),
                endpoint("aaaaaaaaaaaaaaaa", "10.71.0.4", "late", true)));
        int web = Ipv4.parse("10.71.0.2");
        assertEquals(List.of(web), records.addresses("web"));
        assertEquals(List.of(web), records.addresses("WEB."));
        assertEquals(List.of(web), records.addresses("web.front."));
        assertEquals(List.of(web), records.addresses("0123456789AB"));
        assertEquals(List.of(web, Ipv4.parse("10.71.0.3")), records.addresses("www"));
        assertEquals(List.of(), records.addresses("late"), "a pending endpoint has no name yet");
        assertEquals(List.of(), records.addresses("0123456789abcdef"), "only the short id");
        assertEquals("Web.Front.", records.reverse("2.0.71.10.in-addr.arpa."));
        assertEquals("fedcba987654.Front.", records.reverse("3.0.71.10.in-addr.arpa"));
        assertNull(records.reverse("9.0.71.10.in-addr.arpa."));
        assertNull(records.reverse("x.0.71.10.in-addr.arpa."));
        assertNull(records.reverse("example.test."));
    }
}
