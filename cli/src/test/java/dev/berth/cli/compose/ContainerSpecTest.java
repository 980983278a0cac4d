package dev.berth.cli.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.berth.cli.compose.engine.ConfigHash;
import dev.berth.cli.compose.engine.ContainerSpec;
import dev.berth.cli.compose.load.ComposeLoader;
import dev.berth.cli.compose.model.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerSpecTest {
    @TempDir
    Path dir;

    private Project load(String yaml) throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), yaml);
        return new ComposeLoader(Map.<String, String>of()::get, dir).load(new ComposeLoader.Options(List.of(), null, "demo", null));
    }

    private static final String APP = """
            services:
              kv:
                image: busybox
                volumes: ["data:/data", "/cache"]
                ports: ["127.0.0.1:8080:80"]
                restart: on-failure:3
                networks:
                  back:
                    aliases: [store]
              worker:
                image: busybox
                environment:
                  MODE: %s
                depends_on:
                  kv:
                    condition: service_healthy
            volumes:
              data: {}
            networks:
              back: {}
            """;

    @Test
    @SuppressWarnings("unchecked")
    void theBodyCarriesComposesLabelsNetworkAndVolumes() throws IOException {
        Project project = load(APP.formatted("fast"));
        Map<String, Object> body = new ContainerSpec(project).body(project.service("kv"), 2, false, null, "abc");
        Map<String, String> labels = (Map<String, String>) body.get("Labels");
        assertEquals("demo", labels.get("com.docker.compose.project"));
        assertEquals("kv", labels.get("com.docker.compose.service"));
        assertEquals("2", labels.get("com.docker.compose.container-number"));
        assertEquals("False", labels.get("com.docker.compose.oneoff"));
        assertEquals("abc", labels.get("com.docker.compose.config-hash"));
        Map<String, Object> host = (Map<String, Object>) body.get("HostConfig");
        assertEquals(List.of("demo_data:/data:rw"), host.get("Binds"));
        assertEquals(Map.of("/cache", Map.of()), body.get("Volumes"));
        assertEquals("demo_back", host.get("NetworkMode"));
        assertEquals(Map.of("Name", "on-failure", "MaximumRetryCount", 3), host.get("RestartPolicy"));
        assertEquals(Map.of("80/tcp", List.of(Map.of("HostIp", "127.0.0.1", "HostPort", "8080"))), host.get("PortBindings"));
        assertEquals(Map.of("EndpointsConfig", Map.of("demo_back", Map.of("Aliases", List.of("kv", "store")))),
                body.get("NetworkingConfig"));
    }

    @Test
    void theHashChangesOnlyForTheServiceThatChanged() throws IOException {
        Project before = load(APP.formatted("fast"));
        Project after = load(APP.formatted("slow"));
        ContainerSpec a = new ContainerSpec(before);
        ContainerSpec b = new ContainerSpec(after);
        assertEquals(ConfigHash.of(a.template(before.service("kv")), "sha256:1"),
                ConfigHash.of(b.template(after.service("kv")), "sha256:1"));
        assertNotEquals(ConfigHash.of(a.template(before.service("worker")), "sha256:1"),
                ConfigHash.of(b.template(after.service("worker")), "sha256:1"));
        assertNotEquals(ConfigHash.of(a.template(before.service("kv")), "sha256:1"),
                ConfigHash.of(a.template(before.service("kv")), "sha256:2"), "a new image recreates too");
    }
}
