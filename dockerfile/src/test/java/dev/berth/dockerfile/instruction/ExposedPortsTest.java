package dev.berth.dockerfile.instruction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** EXPOSE's port keys with nat.ParsePortSpecs' rules and messages. */
class ExposedPortsTest {
    @Test
    void portsProtocolsAndRanges() throws InstructionException {
        assertEquals(List.of("80/tcp", "53/udp", "9/sctp", "8000/tcp", "8001/tcp", "8002/tcp", "1/udp"),
                List.copyOf(ExposedPorts.parse(List.of("80", "53/udp", "9/SCTP", "8000-8002/tcp", "80/", "0.0.0.0:8080:1/udp"))));
        assertEquals(Set.of("443/tcp"), ExposedPorts.parse(List.of("443", "443/tcp")));
    }

    @Test
    void invalidPorts() {
        assertEquals("Invalid containerPort: abc", message("abc"));
        assertEquals("Invalid containerPort: 70000", message("70000"));
        assertEquals("Invalid containerPort: 90-80", message("90-80"));
        assertEquals("Invalid proto: icmp", message("80/icmp"));
        assertEquals("No port specified: /tcp<empty>", message("/tcp"));
    }

    private static String message(String spec) {
        return assertThrows(InstructionException.class, () -> ExposedPorts.parse(List.of(spec))).getMessage();
    }
}
