package dev.berth.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cli.testing.CliHarness;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** berth volume create, ls, inspect, rm and prune, and --mount's CSV, against a fake daemon. */
class VolumeCommandsTest {
    private static final String VOLUME = "{\"CreatedAt\":\"2026-11-30T03:00:00Z\",\"Driver\":\"local\",\"Labels\":{\"team\":\"a\"},"
            + "\"Mountpoint\":\"/var/lib/berth/gateway/volumes/data/_data\",\"Name\":\"data\",\"Options\":{},\"Scope\":\"local\"}";

    @TempDir
    Path dir;
    CliHarness cli;

    @BeforeEach
    void start() throws IOException {
        cli = new CliHarness(dir);
    }

    @AfterEach
    void stop() throws IOException {
        cli.close();
    }

    @Test
    void createSendsNameDriverOptionsAndLabelsAndPrintsTheName() {
        cli.daemon.on("POST /v1.41/volumes/create", (r, x) -> x.json(201, VOLUME));
        assertEquals(0, cli.run("", "volume", "create", "-o", "type=tmpfs", "--opt", "device=tmpfs", "--label", "team=a",
                "data"), cli.err());
        assertEquals("data\n", cli.out());
        assertEquals("{\"Driver\":\"local\",\"DriverOpts\":{\"type\":\"tmpfs\",\"device\":\"tmpfs\"},\"Labels\":{\"team\":\"a\"},"
                + "\"Name\":\"data\"}", cli.daemon.lastRequest("POST /v1.41/volumes/create").bodyText());
    }

    @Test
    void lsPrintsDockersTableQuietNamesAndTemplates() {
        cli.daemon.on("GET /v1.41/volumes", (r, x) -> x.json(200, "{\"Volumes\":[" + VOLUME.replace("\"data\"", "\"zeta\"")
                + "," + VOLUME + "],\"Warnings\":null}"));
        assertEquals(0, cli.run("", "volume", "ls", "-f", "dangling=true"), cli.err());
        assertEquals("DRIVER    VOLUME NAME\nlocal     data\nlocal     zeta\n", cli.out());
        assertEquals("filters={\"dangling\":{\"true\":true}}",
                CliHarness.decode(cli.daemon.lastRequest("GET /v1.41/volumes").query()));
        cli.out.reset();
        assertEquals(0, cli.run("", "volume", "ls", "-q"));
        assertEquals("data\nzeta\n", cli.out());
        cli.out.reset();
        assertEquals(0, cli.run("", "volume", "ls", "--format", "{{.Name}} {{.Labels}} {{.Label \"team\"}} {{.Scope}}"));
        assertEquals("data team=a a local\nzeta team=a a local\n", cli.out());
    }

    @Test
    void inspectPrintsTheDaemonsJsonOrATemplate() {
        cli.daemon.on("GET /v1.41/volumes/data", (r, x) -> x.json(200, VOLUME));
        assertEquals(0, cli.run("", "volume", "inspect", "-f", "{{.Mountpoint}}", "data"), cli.err());
        assertEquals("/var/lib/berth/gateway/volumes/data/_data\n", cli.out());
        assertEquals(1, cli.run("", "volume", "inspect", "nope"));
        assertTrue(cli.err().contains("No such volume: nope"), cli.err());
    }

    @Test
    void rmRemovesEachAndReportsTheDaemonsRefusal() {
        cli.daemon.on("DELETE /v1.41/volumes/a", (r, x) -> x.noContent());
        cli.daemon.on("DELETE /v1.41/volumes/b", (r, x) -> x.json(409,
                "{\"message\":\"remove b: volume is in use - [0123]\"}"));
        assertEquals(1, cli.run("", "volume", "rm", "-f", "a", "b"));
        assertEquals("a\n", cli.out());
        assertEquals("Error response from daemon: remove b: volume is in use - [0123]\n", cli.err());
        assertEquals("force=1", cli.daemon.lastRequest("DELETE /v1.41/volumes/a").query());
    }

    @Test
    void pruneWarnsAsDockerDoesForApi141AndRefusesAll() {
        cli.daemon.on("POST /v1.41/volumes/prune", (r, x) -> x.json(200, "{\"VolumesDeleted\":[\"v1\"],\"SpaceReclaimed\":2048}"));
        assertEquals(0, cli.run("y\n", "volume", "prune", "--filter", "label=keep=no"), cli.err());
        assertEquals("WARNING! This will remove all local volumes not used by at least one container.\n"
                + "Are you sure you want to continue? [y/N] Deleted Volumes:\nv1\n\nTotal reclaimed space: 2.048kB\n", cli.out());
        assertEquals("filters={\"label\":[\"keep=no\"]}",
                CliHarness.decode(cli.daemon.lastRequest("POST /v1.41/volumes/prune").query()));
        assertEquals(1, cli.run("", "volume", "prune", "-a", "-f"));
        assertTrue(cli.err().contains("requires API version 1.42"), cli.err());
    }

    @Test
    @SuppressWarnings("unchecked")
    void mountFlagParsesDockersCsv() {
        assertEquals(Map.of("Type", "bind", "Source", "/a", "Target", "/b", "ReadOnly", true,
                        "BindOptions", Map.of("Propagation", "rshared")),
                VolumeSpecs.mount("type=bind,src=/a,dst=/b,readonly,bind-propagation=rshared"));
        assertEquals(Map.of("Type", "tmpfs", "Target", "/t", "TmpfsOptions", Map.of("SizeBytes", 10L * 1024 * 1024, "Mode", 01777L)),
                VolumeSpecs.mount("type=tmpfs,target=/t,tmpfs-size=10m,tmpfs-mode=1777"));
        Map<String, Object> volume = VolumeSpecs.mount("source=v,target=/d,volume-nocopy,volume-label=a=b,"
                + "\"volume-opt=o=size=1m,uid=1\",volume-opt=type=tmpfs,ro=false");
        assertEquals(false, volume.get("ReadOnly"));
        Map<String, Object> options = (Map<String, Object>) volume.get("VolumeOptions");
        assertEquals(true, options.get("NoCopy"));
        assertEquals(Map.of("a", "b"), options.get("Labels"));
        assertEquals(Map.of("Options", Map.of("o", "size=1m,uid=1", "type", "tmpfs")), options.get("DriverConfig"));
        assertEquals("target is required", assertThrows(IllegalArgumentException.class,
                () -> VolumeSpecs.mount("type=bind,source=/x")).getMessage());
        assertEquals("cannot mix 'tmpfs-*' options with mount type 'bind'", assertThrows(IllegalArgumentException.class,
                () -> VolumeSpecs.mount("type=bind,source=/x,target=/y,tmpfs-size=1m")).getMessage());
        assertEquals("invalid field 'source' must be a key=value pair", assertThrows(IllegalArgumentException.class,
                () -> VolumeSpecs.mount("source,target=/y")).getMessage());
        VolumeSpecs specs = VolumeSpecs.parse(List.of("/anon", "name:/n:ro", "./rel:/r", "name:/n:ro"), List.of(), List.of());
        assertEquals(2, specs.binds().size(), "a repeated -v is sent once");
        assertEquals(Map.of("/anon", Map.of()), specs.anonymous());
        assertEquals("name:/n:ro", specs.binds().getFirst());
        assertTrue(specs.binds().get(1).startsWith("/") && specs.binds().get(1).endsWith("/rel:/r"), specs.binds().toString());
        assertNull(specs.tmpfs().get("/x"));
    }
}
