package dev.berth.gateway.container.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.gateway.api.DockerApiException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NamingAndReferencesTest {
    @Test
    void namesAreValidatedLikeDockers() {
        assertEquals("web", ContainerNames.validate("web"));
        assertEquals("web-1.a_b", ContainerNames.validate("/web-1.a_b"));
        for (String bad : new String[] {"", "a", "-web", "/", "we b", "web/1", "日本", "_x"}) {
            DockerApiException e = assertThrows(DockerApiException.class, () -> ContainerNames.validate(bad), bad);
            assertEquals(400, e.status());
            assertTrue(e.getMessage().startsWith("Invalid container name (" + bad + ")"));
        }
    }

    @Test
    void generatedNamesAreAdjectiveSurnameAndUnique() {
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String name = ContainerNames.generate(taken::contains);
            assertTrue(name.matches("[a-z]+_[a-z]+[0-9]*"), name);
            assertNotEquals("boring_wozniak", name);
            assertTrue(taken.add(name), "generated a taken name " + name);
            ContainerNames.validate(name);
        }
    }

    @Test
    void idsAre64Hex() {
        String id = ContainerIds.generate();
        assertTrue(ContainerIds.isValid(id));
        assertNotEquals(id, ContainerIds.generate());
        assertTrue(!ContainerIds.isValid("../" + id.substring(3)));
    }

    @Test
    void referencesResolveByIdNameAndUniquePrefix() {
        ContainerIndex index = new ContainerIndex();
        String a = "abc" + "0".repeat(61);
        String b = "abd" + "0".repeat(61);
        index.reserve(a, "web");
        index.reserve(b, "db");
        assertEquals(a, index.resolve(a));
        assertEquals(a, index.resolve("web"));
        assertEquals(a, index.resolve("/web"));
        assertEquals(b, index.resolve("abd"));
        assertEquals(b, index.resolve("db"));
        DockerApiException ambiguous = assertThrows(DockerApiException.class, () -> index.resolve("ab"));
        assertEquals(404, ambiguous.status());
        assertEquals("No such container: ab", ambiguous.getMessage());
        assertEquals(404, assertThrows(DockerApiException.class, () -> index.resolve("zzz")).status());
        assertEquals(404, assertThrows(DockerApiException.class, () -> index.resolve("")).status());
        assertEquals(404, assertThrows(DockerApiException.class, () -> index.resolve("/")).status());

        index.release(a);
        assertEquals(b, index.resolve("ab"), "the prefix is unique once the other is gone");
        assertThrows(DockerApiException.class, () -> index.resolve("web"));
    }

    @Test
    void aNameBelongsToOneContainer() {
        ContainerIndex index = new ContainerIndex();
        String a = "1".repeat(64);
        index.reserve(a, "web");
        DockerApiException conflict = assertThrows(DockerApiException.class, () -> index.reserve("2".repeat(64), "web"));
        assertEquals(409, conflict.status());
        assertEquals("Conflict. The container name \"/web\" is already in use by container \"" + a
                + "\". You have to remove (or rename) that container to be able to reuse that name.", conflict.getMessage());
        assertTrue(index.nameTaken("web"));
        index.release(a);
        index.reserve("2".repeat(64), "web");
    }

    @Test
    void signalsByNameAndNumber() {
        assertEquals(9, Signals.parse("KILL", 15));
        assertEquals(9, Signals.parse("SIGKILL", 15));
        assertEquals(9, Signals.parse("9", 15));
        assertEquals(15, Signals.parse("sigterm", 9));
        assertEquals(9, Signals.parse(null, 9));
        assertEquals(10, Signals.parse("USR1", 9));
        assertEquals(400, assertThrows(DockerApiException.class, () -> Signals.parse("NOPE", 9)).status());
        assertEquals(400, assertThrows(DockerApiException.class, () -> Signals.parse("99", 9)).status());
    }
}
