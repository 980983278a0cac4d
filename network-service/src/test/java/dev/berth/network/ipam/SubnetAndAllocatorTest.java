package dev.berth.network.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubnetAndAllocatorTest {

    @Test
    void parsesAndFormatsSubnets() {
        Subnet subnet = Subnet.parse("10.66.0.0/16");
        assertEquals("10.66.0.0/16", subnet.toString());
        assertEquals("10.66.255.255", Ipv4.format(subnet.broadcast()));
        assertEquals("10.66.0.1", Ipv4.format(subnet.firstHost()));
        assertTrue(subnet.isHost(Ipv4.parse("10.66.3.4")));
        assertFalse(subnet.isHost(Ipv4.parse("10.66.255.255")));
        assertFalse(subnet.contains(Ipv4.parse("10.67.0.1")));
    }

    @Test
    void rejectsBadSubnetsAndAddresses() {
        var notNetwork = assertThrows(IllegalArgumentException.class, () -> Subnet.parse("10.66.0.1/16"));
        assertTrue(notNetwork.getMessage().contains("did you mean 10.66.0.0/16"), notNetwork.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Subnet.parse("10.66.0.0"));
        assertThrows(IllegalArgumentException.class, () -> Subnet.parse("10.66.0.0/31"));
        assertThrows(IllegalArgumentException.class, () -> Subnet.parse("10.66.0.0/x"));
        assertThrows(IllegalArgumentException.class, () -> Ipv4.parse("10.66.0.256"));
        assertThrows(IllegalArgumentException.class, () -> Ipv4.parse("10.66.0"));
        assertThrows(IllegalArgumentException.class, () -> Ipv4.parse("010.66.0.1"));
    }

    @Test
    void macIsDerivedFromTheAddressLikeDocker() {
        assertEquals("02:42:0a:42:00:02", Ipv4.macFor(Ipv4.parse("10.66.0.2")));
        assertEquals("02:42:c0:a8:ff:fe", Ipv4.macFor(Ipv4.parse("192.168.255.254")));
    }

    @Test
    void allocatesTheFirstFreeHostAfterTheGatewayAndNeverNetworkGatewayOrBroadcast() {
        Subnet subnet = Subnet.parse("10.67.0.0/29"); // hosts .1-.6, gateway .1
        int gateway = subnet.firstHost();
        Set<Integer> used = new HashSet<>();
        for (int expected = 2; expected <= 6; expected++) {
            int address = AddressAllocator.firstFree(subnet, gateway, used).orElseThrow();
            assertEquals("10.67.0." + expected, Ipv4.format(address));
            used.add(address);
        }
        assertTrue(AddressAllocator.firstFree(subnet, gateway, used).isEmpty(), "the pool is exhausted");
        used.remove(Ipv4.parse("10.67.0.4"));
        assertEquals("10.67.0.4", Ipv4.format(AddressAllocator.firstFree(subnet, gateway, used).orElseThrow()));
    }

    @Test
    void wrapsRoundWhenTheGatewayIsNotTheFirstHost() {
        Subnet subnet = Subnet.parse("10.67.0.0/29");
        int gateway = Ipv4.parse("10.67.0.6");
        assertEquals("10.67.0.1", Ipv4.format(AddressAllocator.firstFree(subnet, gateway, Set.of()).orElseThrow()));
    }

    @Test
    void overlapsEnclosesAndRanges() {
        Subnet wide = Subnet.parse("10.71.0.0/16");
        Subnet inner = Subnet.parse("10.71.8.0/24");
        assertTrue(wide.overlaps(inner) && inner.overlaps(wide));
        assertTrue(wide.encloses(inner));
        assertFalse(inner.encloses(wide));
        assertFalse(inner.overlaps(Subnet.parse("10.71.9.0/24")));
        assertTrue(Subnet.parseAny("0.0.0.0/0").overlaps(inner));
        assertEquals(32, Subnet.parseAny("10.71.8.7/32").prefixLength());
        Subnet range = Subnet.parseAny("10.71.8.128/30");
        int gateway = inner.firstHost();
        assertEquals(Ipv4.parse("10.71.8.129"), AddressAllocator.firstFree(inner, range, gateway,
                Set.of(Ipv4.parse("10.71.8.128"))).getAsInt());
        assertTrue(AddressAllocator.firstFree(inner, range, gateway, Set.of(Ipv4.parse("10.71.8.128"),
                Ipv4.parse("10.71.8.129"), Ipv4.parse("10.71.8.130"), Ipv4.parse("10.71.8.131"))).isEmpty());
    }
}
