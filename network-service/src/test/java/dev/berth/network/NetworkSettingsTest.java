package dev.berth.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.network.ipam.Ipv4;
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
    }

    @Test
    void readsBridgeSettingsFromTheConfigFile() throws Exception {
        Path config = Files.writeString(dir.resolve("network.properties"), """
                bridge.name=berthtest9
                bridge.subnet=10.67.8.0/24
                bridge.gateway=10.67.8.254
                iptables.chain-prefix=BERTHTEST
                """);
        NetworkMain main = new NetworkMain();
        new CommandLine(main).parseArgs("--config", config.toString(), "--root", dir.toString());
        NetworkSettings settings = main.settings();
        assertEquals("berthtest9", settings.bridgeName());
        assertEquals("10.67.8.0/24", settings.subnet().toString());
        assertEquals("10.67.8.254", Ipv4.format(settings.gateway()));
        assertEquals("BERTHTEST", settings.chainPrefix());
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> NetworkSettings.of("a-name-longer-than-15", "10.67.0.0/24", "B"));
        assertThrows(IllegalArgumentException.class, () -> NetworkSettings.of("br;rm", "10.67.0.0/24", "B"));
        assertThrows(IllegalArgumentException.class, () -> NetworkSettings.of("br0", "10.67.0.1/24", "B"));
        assertThrows(IllegalArgumentException.class, () -> NetworkSettings.of("br0", "10.67.0.0/24", "BAD CHAIN"));
        var subnet = dev.berth.network.ipam.Subnet.parse("10.67.0.0/24");
        assertThrows(IllegalArgumentException.class,
                () -> new NetworkSettings("br0", subnet, Ipv4.parse("10.68.0.1"), "B"));
    }
}
