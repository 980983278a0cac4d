package dev.berth.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cli.testing.CliHarness;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** container prune, system prune and events against a fake daemon. */
class PruneAndEventsTest {
    @TempDir
    Path dir;
    CliHarness cli;
    TimeZone zone;

    @BeforeEach
    void start() throws IOException {
        cli = new CliHarness(dir);
        zone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    }

    @AfterEach
    void stop() throws IOException {
        TimeZone.setDefault(zone);
        cli.close();
    }

    @Test
    void containerPruneAsksFirstAndReportsWhatWent() {
        cli.daemon.on("POST /v1.41/containers/prune", (r, x) -> x.json(200,
                "{\"ContainersDeleted\":[\"aaa\",\"bbb\"],\"SpaceReclaimed\":1536}"));
        assertEquals(0, cli.run("y\n", "container", "prune", "--filter", "until=24h"), cli.err());
        assertEquals("WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] "
                + "Deleted Containers:\naaa\nbbb\n\nTotal reclaimed space: 1.536kB\n", cli.out());
        assertEquals("filters={\"until\":[\"24h\"]}", CliHarness.decode(cli.daemon.lastRequest("POST /v1.41/containers/prune").query()));
    }

    @Test
    void containerPruneAnsweredNoDoesNothing() {
        assertEquals(0, cli.run("n\n", "container", "prune"));
        assertEquals("WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ", cli.out());
        assertNull(cli.daemon.lastRequest("POST /v1.41/containers/prune"));
        assertEquals(0, cli.run("", "container", "prune"));
        assertNull(cli.daemon.lastRequest("POST /v1.41/containers/prune"));
    }

    @Test
    void containerPruneForcedWithNothingToDelete() {
        cli.daemon.on("POST /v1.41/containers/prune", (r, x) -> x.json(200, "{\"ContainersDeleted\":null,\"SpaceReclaimed\":0}"));
        assertEquals(0, cli.run("", "container", "prune", "-f"));
        assertEquals("Total reclaimed space: 0B\n", cli.out());
        assertEquals("", cli.daemon.lastRequest("POST /v1.41/containers/prune").query());
    }

    @Test
    void systemPruneWarnsPrunesEachKindAndSkipsWhatTheDaemonLacks() {
        cli.daemon.on("POST /v1.41/containers/prune", (r, x) -> x.json(200, "{\"ContainersDeleted\":[\"c1\"],\"SpaceReclaimed\":1000}"));
        cli.daemon.on("POST /v1.41/networks/prune", (r, x) -> x.json(200, "{\"NetworksDeleted\":[\"n1\"]}"));
        cli.daemon.on("POST /v1.41/images/prune", (r, x) -> x.json(200,
                "{\"ImagesDeleted\":[{\"Untagged\":\"busybox:old\"},{\"Deleted\":\"sha256:ab\"}],\"SpaceReclaimed\":2000000}"));
        // no /build/prune route: the fake answers 404, as a daemon without a builder would
        assertEquals(0, cli.run("y\n", "system", "prune", "--filter", "label=keep=no"), cli.err());
        assertEquals("""
                WARNING! This will remove:
                  - all stopped containers
                  - all networks not used by at least one container
                  - all dangling images
                  - unused build cache

                  Items to be pruned will be filtered with:
                  - label=keep=no

                Are you sure you want to continue? [y/N] Deleted Containers:
                c1

                Deleted Networks:
                n1

                Deleted Images:
                untagged: busybox:old
                deleted: sha256:ab

                Total reclaimed space: 2.001MB
                """, cli.out());
        assertEquals("filters={\"label\":[\"keep=no\"],\"dangling\":[\"true\"]}",
                CliHarness.decode(cli.daemon.lastRequest("POST /v1.41/images/prune").query()));
        assertNotNull(cli.daemon.lastRequest("POST /v1.41/build/prune"));
        assertNull(cli.daemon.lastRequest("POST /v1.41/volumes/prune"));
    }

    @Test
    void systemPruneAllWithVolumes() {
        cli.daemon.on("POST /v1.41/containers/prune", (r, x) -> x.json(200, "{}"));
        cli.daemon.on("POST /v1.41/networks/prune", (r, x) -> x.json(200, "{}"));
        cli.daemon.on("POST /v1.41/volumes/prune", (r, x) -> x.json(200, "{\"VolumesDeleted\":[\"v1\"],\"SpaceReclaimed\":10}"));
        cli.daemon.on("POST /v1.41/images/prune", (r, x) -> x.json(200, "{}"));
        cli.daemon.on("POST /v1.41/build/prune", (r, x) -> x.json(200, "{\"CachesDeleted\":[\"k1\"],\"SpaceReclaimed\":5}"));
        assertEquals(0, cli.run("", "system", "prune", "-a", "--volumes", "-f"), cli.err());
        assertEquals("Deleted Volumes:\nv1\n\nDeleted build cache objects:\nk1\n\nTotal reclaimed space: 15B\n", cli.out());
        assertEquals("filters={\"dangling\":[\"false\"]}", CliHarness.decode(cli.daemon.lastRequest("POST /v1.41/images/prune").query()));
        assertEquals("all=1", cli.daemon.lastRequest("POST /v1.41/build/prune").query());
        List<String> order = cli.daemon.requests().stream().map(r -> r.path()).toList();
        assertEquals(List.of("/v1.41/containers/prune", "/v1.41/networks/prune", "/v1.41/volumes/prune", "/v1.41/images/prune",
                "/v1.41/build/prune"), order);
    }

    @Test
    void systemPruneConfirmationWithAllAndVolumes() {
        SystemPruneCommand prune = new SystemPruneCommand();
        prune.all = true;
        prune.volumes = true;
        assertEquals("""
                WARNING! This will remove:
                  - all stopped containers
                  - all networks not used by at least one container
                  - all anonymous volumes not used by at least one container
                  - all images without at least one container associated to them
                  - all build cache

                Are you sure you want to continue?""", prune.confirmation(java.util.Map.of()));
    }

    @Test
    void systemPruneRefusesUntilWithVolumes() {
        assertEquals(1, cli.run("", "system", "prune", "--volumes", "--filter", "until=1h", "-f"));
        assertEquals("ERROR: The \"until\" filter is not supported with \"--volumes\"\n", cli.err());
        assertEquals(List.of(), cli.daemon.requests());
    }

    private static final String EVENTS = "{\"status\":\"start\",\"id\":\"abc123\",\"from\":\"busybox\",\"Type\":\"container\","
            + "\"Action\":\"start\",\"Actor\":{\"ID\":\"abc123\",\"Attributes\":{\"name\":\"x\",\"image\":\"busybox\"}},"
            + "\"scope\":\"local\",\"time\":1796072400,\"timeNano\":1796072400000000042}\n"
            + "{\"Type\":\"network\",\"Action\":\"connect\",\"Actor\":{\"ID\":\"net1\"},\"time\":1796072401}\n";

    @Test
    void eventsPrintDockersLines() {
        cli.daemon.on("GET /v1.41/events", (r, x) -> x.chunked(200, List.of(EVENTS)));
        assertEquals(0, cli.run("", "events", "--since", "1796072000", "--until", "1796072500", "-f", "type=container"), cli.err());
        assertEquals("2026-11-30T21:00:00.000000042Z container start abc123 (image=busybox, name=x)\n"
                + "2026-11-30T21:00:01.000000000Z network connect net1\n", cli.out());
        assertEquals("since=1796072000&until=1796072500&filters={\"type\":[\"container\"]}",
                CliHarness.decode(cli.daemon.lastRequest("GET /v1.41/events").query()));
    }

    @Test
    void eventsFormatted() {
        cli.daemon.on("GET /v1.41/events", (r, x) -> x.chunked(200, List.of(EVENTS)));
        assertEquals(0, cli.run("", "system", "events", "--format", "{{.Type}} {{.Action}} {{.Actor.Attributes.name}} {{.Status}}"), cli.err());
        assertEquals("container start x start\nnetwork connect <no value> \n", cli.out());
        cli.reset();
        assertEquals(0, cli.run("", "events", "--format", "json"));
        assertEquals("{\"status\":\"start\",\"id\":\"abc123\",\"from\":\"busybox\",\"Type\":\"container\",\"Action\":\"start\","
                + "\"Actor\":{\"ID\":\"abc123\",\"Attributes\":{\"image\":\"busybox\",\"name\":\"x\"}},\"scope\":\"local\","
                + "\"time\":1796072400,\"timeNano\":1796072400000000042}", cli.out().lines().findFirst().orElseThrow());
    }

    @Test
    void aBadEventsFormatExits64BeforeAnyRequest() {
        assertEquals(64, cli.run("", "events", "--format", "{{.Nope}}"));
        assertTrue(cli.err().startsWith("Error parsing format: template: :1:"), cli.err());
        assertTrue(cli.err().contains("can't evaluate field Nope in type *events.Message"), cli.err());
        assertEquals(List.of(), cli.daemon.requests());
    }

    @Test
    void imagePruneRemovesDanglingImagesOrWithAllEveryUnusedOne() {
        cli.daemon.on("POST /v1.41/images/prune", (r, x) -> x.json(200,
                "{\"ImagesDeleted\":[{\"Deleted\":\"sha256:ab\"}],\"SpaceReclaimed\":1000}"));
        assertEquals(0, cli.run("y\n", "image", "prune"), cli.err());
        assertEquals("WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] "
                + "Deleted Images:\ndeleted: sha256:ab\n\nTotal reclaimed space: 1kB\n", cli.out());
        assertEquals("filters={\"dangling\":[\"true\"]}", CliHarness.decode(cli.daemon.lastRequest("POST /v1.41/images/prune").query()));
        cli.reset();
        assertEquals(0, cli.run("", "image", "prune", "-a", "-f"), cli.err());
        assertEquals("filters={\"dangling\":[\"false\"]}", CliHarness.decode(cli.daemon.lastRequest("POST /v1.41/images/prune").query()));
    }
}
