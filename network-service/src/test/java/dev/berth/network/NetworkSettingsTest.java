package dev.berth.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.network.dns.Upstreams;
import dev.berth.network.ipam.Ipv4;
import java.net.InetSocketAddress;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NetworkSettingsTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreBerth0On10_66() {
        NetworkMain main = new NetworkMain();
        new CommandLine(main).parseArgs();
        NetworkSettings settings = main.settings();
        assertEquals(NetworkSettings.defaults(), settings);
        assertEquals("berth0", settings.bridgeName());
        assertEquals("10.66.0.0/16", settings.subnet().toString());
        assertEquals("10.66.0.1", Ipv4.format(settings.gateway()));
        assertEquals("BERTH", settings.chainPrefix());
        assertEquals("10.89.0.0/16", settings.pool().toString());
    }

    @Test
    void readsBridgeSettingsFromTheConfigFile() throws Exception {
        Path config = Files.writeString(dir.resolve("network.properties"), """
                bridge.name=berthnt9
                bridge.subnet=10.67.8.0/24
                bridge.gateway=10.67.8.254
                iptables.chain-prefix=BERTHNT
                pool.subnet=10.71.0.0/16
                dns.upstreams=127.0.0.1:5353, 10.71.0.1
                """);
        NetworkMain main = new NetworkMain();
        new CommandLine(main).parseArgs("--config", config.toString(), "--root", dir.toString());
        NetworkSettings settings = main.settings();
        assertEquals("berthnt9", settings.bridgeName());
        assertEquals("10.67.8.0/24", settings.subnet().toString());
        assertEquals("10.67.8.254", Ipv4.format(settings.gateway()));
        assertEquals("BERTHNT", settings.chainPrefix());
        assertEquals("10.71.0.0/16", settings.pool().toString());
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 5353), new InetSocketAddress("10.71.0.1", 53)),
                settings.dnsUpstreams());
    }

    @Test
    void dnsUpstreamsNoneMeansNoForwardingAndTheDefaultIsTheHostsResolvConf() throws Exception {
        assertEquals(List.of(), Upstreams.parse("none"));
        Path resolvConf = Files.writeString(dir.resolve("resolv.conf"), """
                # comment
                nameserver 10.255.255.53
                nameserver fd00::53
                search example
                """);
        assertEquals(List.of(new InetSocketAddress("10.255.255.53", 53)), Upstreams.fromResolvConf(resolvConf));
        assertEquals(Upstreams.fromResolvConf(Path.of("/etc/resolv.conf")), NetworkSettings.defaults().dnsUpstreams());
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> NetworkSettings.of("a-name-longer-than-15", "10.67.0.0/24", "B"));
        assertThrows(IllegalArgumentException.class, () -> NetworkSettings.of("br;rm", "10.67.0.0/24", "B"));
        assertThrows(IllegalArgumentException.class, () -> NetworkSettings.of("br0", "10.67.0.1/24", "B"));
        assertThrows(IllegalArgumentException.class, () -> NetworkSettings.of("br0", "10.67.0.0/24", "BAD CHAIN"));
        var subnet = dev.berth.network.ipam.Subnet.parse("10.67.0.0/24");
        assertThrows(IllegalArgumentException.class,
                () -> new NetworkSettings("br0", subnet, Ipv4.parse("10.68.0.1"), "B", subnet, List.of()));
        assertThrows(IllegalArgumentException.class, () -> NetworkSettings.defaults().withPool("10.71.0.0/25"));
        assertThrows(IllegalArgumentException.class, () -> Upstreams.parse("10.0.0.1:99999"));
        assertThrows(IllegalArgumentException.class, () -> Upstreams.parse("resolver.example"));
    }
}
