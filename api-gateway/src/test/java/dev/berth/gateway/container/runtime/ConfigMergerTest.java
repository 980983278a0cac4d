package dev.berth.gateway.container.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.ContainerConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigMergerTest {
    private static final ObjectNode IMAGE = image("""
            {"Env": ["PATH=/usr/bin:/bin", "LANG=C"], "Cmd": ["sh"], "Entrypoint": ["/entry.sh"],
             "WorkingDir": "/app", "User": "app", "Labels": {"a": "1", "b": "2"}, "StopSignal": "SIGQUIT"}""");

    private static ObjectNode image(String json) {
        try {
            return (ObjectNode) new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ContainerConfig request(List<String> entrypoint, List<String> cmd, List<String> env) {
        return new ContainerConfig(null, null, null, false, true, true, null, false, false, false, env, cmd, "img",
                null, null, entrypoint, Map.of("b", "3"), null, null);
    }

    @Test
    void imageFillsTheGaps() {
        ConfigMerger.Merged merged = ConfigMerger.merge(request(null, null, List.of("LANG=en", "X=1")), IMAGE, "h");
        assertEquals("/entry.sh", merged.path());
        assertEquals(List.of("sh"), merged.args());
        assertEquals(List.of("LANG=en", "X=1", "PATH=/usr/bin:/bin"), merged.config().env());
        assertEquals("/app", merged.config().workingDir());
        assertEquals("app", merged.config().user());
        assertEquals("h", merged.config().hostname());
        assertEquals(Map.of("a", "1", "b", "3"), merged.config().labels());
        assertEquals("SIGQUIT", merged.config().stopSignal());
    }

    @Test
    void requestCmdKeepsTheImagesEntrypoint() {
        ConfigMerger.Merged merged = ConfigMerger.merge(request(null, List.of("echo", "hi"), null), IMAGE, "h");
        assertEquals("/entry.sh", merged.path());
        assertEquals(List.of("echo", "hi"), merged.args());
    }

    @Test
    void requestEntrypointDropsTheImagesCmd() {
        ConfigMerger.Merged merged = ConfigMerger.merge(request(List.of("/bin/true"), null, null), IMAGE, "h");
        assertEquals("/bin/true", merged.path());
        assertEquals(List.of(), merged.args());
        assertNull(merged.config().cmd());
    }

    @Test
    void emptyEntrypointClearsIt() {
        ConfigMerger.Merged merged = ConfigMerger.merge(request(List.of(""), List.of("ls", "-l"), null), IMAGE, "h");
        assertEquals("ls", merged.path());
        assertEquals(List.of("-l"), merged.args());
        assertNull(merged.config().entrypoint());
        DockerApiException none = assertThrows(DockerApiException.class,
                () -> ConfigMerger.merge(request(List.of(""), null, null), IMAGE, "h"));
        assertEquals(400, none.status());
        assertEquals("No command specified", none.getMessage());
    }

    @Test
    void noCommandAnywhere() {
        DockerApiException e = assertThrows(DockerApiException.class,
                () -> ConfigMerger.merge(request(null, null, null), image("{}"), "h"));
        assertEquals("No command specified", e.getMessage());
        assertTrue(ConfigMerger.merge(request(null, List.of("x"), null), null, "h").config().env().isEmpty());
    }

    @Test
    void resolvConfDropsLoopbackResolvers() {
        String host = "# generated\nnameserver 127.0.0.53\nnameserver ::1\noptions edns0\nsearch example.org\n";
        String container = ResolvConf.forContainer(host, false);
        assertTrue(!container.contains("127.0.0.53") && !container.contains("::1"));
        assertTrue(container.contains("search example.org") && container.contains("options edns0"));
        assertTrue(!container.contains("8.8.8.8"), "no public resolver is invented");
        assertEquals("nameserver 10.0.0.2\n", ResolvConf.forContainer("nameserver 10.0.0.2\n", false));
        assertEquals(host, ResolvConf.forContainer(host, true), "host networking reaches loopback resolvers");
        assertEquals("", ResolvConf.forContainer("nameserver 127.0.0.1\n", false));
    }

    @Test
    void hostsFileNamesTheContainer() {
        String hosts = ContainerFiles.hosts("10.68.0.5", "abc");
        assertTrue(hosts.startsWith("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"));
        assertTrue(hosts.endsWith("10.68.0.5\tabc\n"));
        assertTrue(!ContainerFiles.hosts(null, "abc").contains("abc"));
    }
}
