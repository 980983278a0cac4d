package dev.berth.cli.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cli.compose.load.ComposeFileException;
import dev.berth.cli.compose.load.ComposeLoader;
import dev.berth.cli.compose.model.Project;
import dev.berth.cli.compose.model.Service;
import dev.berth.cli.compose.model.ServiceVolume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeLoaderTest {
    @TempDir
    Path dir;

    private Project load(String yaml, Map<String, String> shell) throws IOException {
        Files.writeString(dir.resolve("docker-compose.yml"), yaml);
        return new ComposeLoader(shell::get, dir).load(new ComposeLoader.Options(List.of(), null, null, null));
    }

    private ComposeFileException failure(String yaml) {
        return assertThrows(ComposeFileException.class, () -> load(yaml, Map.of()));
    }

    @Test
    void readsTheSeedScenariosFileWithDotEnv() throws IOException {
        Files.createDirectories(dir.resolve("web"));
        Files.writeString(dir.resolve(".env"), "COMPOSE_PROJECT_NAME=accweb\nGREETING=hello-compose\n");
        Project project = load("""
                version: "3"
                services:
                  store:
                    image: "busybox"
                    command: ["sh", "-c", "echo $$GREETING > /data/greeting; sleep 300"]
                    env_file:
                      - ".env"
                    volumes:
                      - "store:/data"
                  web:
                    build: ./web
                    depends_on:
                      - "store"
                    ports:
                      - "127.0.0.1:15000:5000"
                volumes:
                  store: {}
                """, Map.of());
        assertEquals("accweb", project.name());
        Service store = project.service("store");
        assertEquals(List.of("sh", "-c", "echo $GREETING > /data/greeting; sleep 300"), store.command());
        assertEquals("hello-compose", store.environment().get("GREETING"));
        assertEquals(new ServiceVolume(ServiceVolume.Type.VOLUME, "store", "/data", false, false, 0), store.volumes().getFirst());
        Service web = project.service("web");
        assertEquals(dir.resolve("web").toString(), web.build().context());
        assertEquals("accweb-web", web.imageFor(project.name()));
        assertEquals(Map.of("store", "service_started"), web.dependsOn());
        assertEquals(List.of("127.0.0.1:15000:5000"), web.ports());
        assertEquals("accweb_default", project.networks().get("default").name());
        assertEquals("accweb_store", project.volumes().get("store").name());
    }

    @Test
    void theShellWinsOverDotEnvAndDefaultsApply() throws IOException {
        Files.writeString(dir.resolve(".env"), "TAG=from-file\nPORT=1\n");
        Project project = load("""
                services:
                  app:
                    image: "busybox:${TAG}"
                    environment:
                      PORT: ${PORT:-80}
                      MISSING: ${NOPE:-fallback}
                      ALT: ${TAG:+set}
                      FROM_SHELL:
                """, Map.of("TAG", "from-shell", "FROM_SHELL", "inherited"));
        Service app = project.service("app");
        assertEquals("busybox:from-shell", app.image());
        assertEquals("1", app.environment().get("PORT"));
        assertEquals("fallback", app.environment().get("MISSING"));
        assertEquals("set", app.environment().get("ALT"));
        assertEquals("inherited", app.environment().get("FROM_SHELL"));
        assertEquals(dir.getFileName().toString().toLowerCase().replaceAll("[^a-z0-9_-]", ""), project.name());
    }

    @Test
    void aRequiredVariableNamesTheFileLineAndKey() {
        ComposeFileException e = failure("""
                services:
                  app:
                    image: ${IMAGE:?an image is needed}
                """);
        assertEquals("docker-compose.yml:3: services.app.image: required variable IMAGE is missing a value: an image is needed",
                e.getMessage());
    }

    @Test
    void anUnknownKeyNamesTheFileLineAndKey() {
        ComposeFileException e = failure("""
                services:
                  app:
                    image: busybox
                    colour: blue
                """);
        assertEquals("docker-compose.yml:4: services.app.colour: additional property colour is not allowed", e.getMessage());
    }

    @Test
    void aDependencyCycleIsRefused() {
        ComposeFileException e = failure("""
                services:
                  a:
                    image: busybox
                    depends_on: [b]
                  b:
                    image: busybox
                    depends_on:
                      a:
                        condition: service_healthy
                """);
        assertEquals("docker-compose.yml:4: services.a.depends_on: dependency cycle detected: a -> b -> a", e.getMessage());
    }

    @Test
    void undefinedDependenciesVolumesAndNetworksAreRefused() {
        assertTrue(failure("services:\n  a:\n    image: busybox\n    depends_on: [db]\n").getMessage()
                .contains("service a depends on undefined service db"));
        assertTrue(failure("services:\n  a:\n    image: busybox\n    volumes: [\"data:/d\"]\n").getMessage()
                .contains("refers to undefined volume data"));
        assertTrue(failure("services:\n  a:\n    image: busybox\n    networks: [back]\n").getMessage()
                .contains("refers to undefined network back"));
        assertTrue(failure("services:\n  a:\n    command: true\n").getMessage()
                .contains("has neither an image nor a build context"));
    }

    @Test
    void longSyntaxesBecomeTheShortOnes() throws IOException {
        Project project = load("""
                services:
                  app:
                    image: busybox
                    command: sh -c 'echo "a b"'
                    ports:
                      - target: 80
                        published: 8080
                        host_ip: 127.0.0.1
                      - 9000
                    volumes:
                      - type: bind
                        source: ./conf
                        target: /conf
                        read_only: true
                      - /anonymous
                      - type: tmpfs
                        target: /scratch
                        tmpfs:
                          size: 1024
                    networks:
                      front:
                        aliases: [www]
                    healthcheck:
                      test: wget -q localhost
                      interval: 1s
                      retries: 3
                networks:
                  front:
                    external: true
                """, Map.of());
        Service app = project.service("app");
        assertEquals(List.of("sh", "-c", "echo \"a b\""), app.command());
        assertEquals(List.of("127.0.0.1:8080:80/tcp", "9000"), app.ports());
        assertEquals(new ServiceVolume(ServiceVolume.Type.BIND, dir.resolve("conf").toString(), "/conf", true, false, 0),
                app.volumes().get(0));
        assertEquals(ServiceVolume.Type.VOLUME, app.volumes().get(1).type());
        assertEquals("", app.volumes().get(1).source());
        assertEquals(1024, app.volumes().get(2).tmpfsSize());
        assertEquals(Map.of("front", List.of("www")), app.networks());
        assertEquals(List.of("CMD-SHELL", "wget -q localhost"), app.healthcheck().test());
        assertEquals(1_000_000_000L, app.healthcheck().intervalNanos());
        assertTrue(project.networks().get("front").external());
        assertEquals("front", project.networks().get("front").name());
        assertNull(app.entrypoint());
        assertFalse(app.tty());
    }

    @Test
    void aBadYamlFileSaysWhere() {
        ComposeFileException e = failure("services:\n  app:\n    image: [unclosed\n");
        assertTrue(e.getMessage().startsWith("docker-compose.yml:"), e.getMessage());
    }
}
