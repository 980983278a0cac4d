package dev.berth.gateway.container.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.common.fs.DurableFiles;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.AttachOptions;
import dev.berth.gateway.container.Attachment;
import dev.berth.gateway.container.Container;
import dev.berth.gateway.container.ContainerConfig;
import dev.berth.gateway.container.CreateContainerRequest;
import dev.berth.gateway.container.HostConfig;
import dev.berth.gateway.container.WaitCondition;
import dev.berth.gateway.container.WaitResult;
import dev.berth.gateway.events.Event;
import dev.berth.gateway.events.EventBus;
import dev.berth.gateway.image.Image;
import dev.berth.gateway.image.ImageService;
import dev.berth.gateway.volume.MountPoint;
import dev.berth.gateway.volume.VolumeRecord;
import dev.berth.gateway.volume.Volumes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Volumes, binds and tmpfs mounts of real containers (real services, shim and runc). */
class VolumesIntegrationTest {
    /** busybox with VOLUME /etc: its anonymous volume is filled with the image's /etc. */
    static final String VOLUME_IMAGE = "busybox:vol";
    private static final ObjectMapper JSON = RecordStore.mapper();
    private static RuntimeServices services;

    private ShimContainerService service;
    private Volumes volumes;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> created = new ArrayList<>();

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServices() throws Exception {
        services = RuntimeServices.start();
    }

    @AfterAll
    static void stopServices() throws Exception {
        if (services != null) {
            services.close();
        }
    }

    @BeforeEach
    void newService() {
        EventBus bus = new EventBus();
        bus.subscribe(Long.MAX_VALUE, events::add);
        service = new ShimContainerService(services.settings, services.clients, new WithVolumeImage(services.images), bus);
        service.recover();
        volumes = service.volumes();
    }

    @AfterEach
    void cleanUp() {
        for (String id : created) {
            try {
                service.remove(id, true, true);
            } catch (DockerApiException e) {
                if (e.status() != 404) {
                    System.err.println("cleanup of " + id + ": " + e.getMessage());
                }
            }
        }
        volumes.prune(v -> true);
        service.close();
    }

    private Container create(String image, String hostConfigJson, Map<String, Object> configVolumes, String... cmd)
            throws Exception {
        ContainerConfig config = new ContainerConfig(null, null, null, false, true, true, null, false, false, false, null,
                List.of(cmd), image, configVolumes, null, null, null, null, null);
        HostConfig host = JSON.readValue(hostConfigJson, HostConfig.class).withNetworkMode("none");
        Container container = service.create(null, new CreateContainerRequest(config, host, null));
        created.add(container.id());
        return container;
    }

    /** Runs the container to its end: exit status and stdout+stderr. */
    private Run run(Container container) throws Exception {
        CompletableFuture<WaitResult> exit = service.waitFor(container.id(), WaitCondition.NEXT_EXIT);
        ShimContainerServiceIntegrationTest.Collector output = new ShimContainerServiceIntegrationTest.Collector();
        try (Attachment attachment = service.attach(container.id(), new AttachOptions(false, true, true), output)) {
            service.start(container.id());
            int status = exit.get(60, TimeUnit.SECONDS).statusCode();
            output.closed.get(30, TimeUnit.SECONDS);
            return new Run(status, output.out() + output.err());
        }
    }

    record Run(int status, String output) {}

    private Run run(String hostConfigJson, String... cmd) throws Exception {
        return run(create(BusyboxImage.NAME, hostConfigJson, null, cmd));
    }

    @Test
    void aNamedVolumeIsCreatedOnFirstUseAndKeepsDataAcrossContainers() throws Exception {
        Run write = run("{\"Binds\":[\"itvol:/data\"]}", "sh", "-c", "echo persisted > /data/f");
        assertEquals(0, write.status(), write.output());
        assertEquals("persisted\n", run("{\"Binds\":[\"itvol:/data:ro\"]}", "cat", "/data/f").output());
        VolumeRecord record = volumes.get("itvol");
        assertEquals("local", record.driver());
        assertFalse(record.anonymous());
        assertEquals("persisted\n", Files.readString(volumes.mountpoint("itvol").resolve("f")));
        assertTrue(events.stream().anyMatch(e -> e.type().equals("volume") && e.action().equals("create")
                && e.actorId().equals("itvol")));
        assertTrue(events.stream().anyMatch(e -> e.type().equals("volume") && e.action().equals("mount")));
        assertTrue(events.stream().anyMatch(e -> e.type().equals("volume") && e.action().equals("unmount")));

        Container third = create(BusyboxImage.NAME, "{\"Binds\":[\"itvol:/data\"]}", null, "true");
        assertEquals(List.of(third.id()), service.list(true, Map.of("volume", List.of("itvol"))).stream()
                .map(Container::id).filter(third.id()::equals).toList());
        assertEquals(3, service.list(true, Map.of("volume", List.of("/data"))).size(), "by destination too");
        assertEquals(0, service.list(true, Map.of("volume", List.of("other"))).size());
        List<MountPoint> mounts = service.mounts(third.id());
        assertEquals(List.of(new MountPoint("volume", "itvol", volumes.mountpoint("itvol").toString(), "/data", "local",
                "z", true, "", false, List.of())), mounts);
    }

    @Test
    void aVolumeInUseIsNotRemovedEvenByForceUntilItsContainersAreGone() throws Exception {
        volumes.create("busyvol", "local", Map.of(), Map.of("team", "a"));
        Container user = create(BusyboxImage.NAME, "{\"Binds\":[\"busyvol:/d\"]}", null, "true"); // created, never run
        for (boolean force : List.of(false, true)) {
            DockerApiException refused = assertThrows(DockerApiException.class, () -> volumes.remove("busyvol", force));
            assertEquals(409, refused.status());
            assertEquals("remove busyvol: volume is in use - [" + user.id() + "]", refused.getMessage());
        }
        assertTrue(volumes.prune(v -> true).deleted().isEmpty(), "prune leaves a volume in use");
        assertEquals("busyvol", volumes.get("busyvol").name());
        service.remove(user.id(), false, true); // rm -v never removes a named volume
        assertEquals("busyvol", volumes.get("busyvol").name());
        volumes.remove("busyvol", false);
        DockerApiException gone = assertThrows(DockerApiException.class, () -> volumes.get("busyvol"));
        assertEquals(404, gone.status());
        assertEquals("get busyvol: no such volume", gone.getMessage());
        assertFalse(Files.exists(volumes.mountpoint("busyvol")));
    }

    @Test
    void theImageVolumeIsSeededFromTheImageAndRmVRemovesOnlyAnonymousVolumes() throws Exception {
        Container container = create(VOLUME_IMAGE, "{\"Binds\":[\"keepme:/keep\"]}", null, "cat", "/etc/passwd");
        List<MountPoint> mounts = service.mounts(container.id());
        MountPoint etc = mounts.stream().filter(m -> m.destination().equals("/etc")).findFirst().orElseThrow();
        assertEquals("volume", etc.type());
        assertTrue(volumes.get(etc.name()).anonymous());
        assertTrue(etc.name().matches("[0-9a-f]{64}"));
        Run run = run(container);
        assertTrue(run.output().startsWith("root:x:0:0"), run.output());
        assertTrue(Files.readString(volumes.mountpoint(etc.name()).resolve("passwd")).startsWith("root:x:0:0"),
                "the volume holds the image's /etc");

        service.remove(container.id(), false, true);
        assertEquals(404, assertThrows(DockerApiException.class, () -> volumes.get(etc.name())).status());
        assertEquals("keepme", volumes.get("keepme").name());
    }

    @Test
    void volumesFromSharesTheOtherContainersVolumesAndRoMakesThemReadOnly() throws Exception {
        Container source = create(BusyboxImage.NAME, "{}", Map.of("/shared", Map.of()), "sh", "-c",
                "echo shared-data > /shared/x");
        assertEquals(0, run(source).status());
        assertEquals("shared-data\n", run("{\"VolumesFrom\":[\"" + source.name() + "\"]}", "cat", "/shared/x").output());
        Run readOnly = run("{\"VolumesFrom\":[\"" + source.id() + ":ro\"]}", "sh", "-c", "echo no > /shared/y");
        assertNotEquals(0, readOnly.status());
        assertTrue(readOnly.output().contains("Read-only file system"), readOnly.output());
        DockerApiException unknown = assertThrows(DockerApiException.class,
                () -> create(BusyboxImage.NAME, "{\"VolumesFrom\":[\"nothere\"]}", null, "true"));
        assertEquals(404, unknown.status());
    }

    @Test
    void mountsBindReadOnlyAndTmpfsWithSize() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("bind"));
        Files.writeString(dir.resolve("h.txt"), "on-host");
        Run readOnly = run("{\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"" + dir + "\",\"Target\":\"/ro\",\"ReadOnly\":true}]}",
                "sh", "-c", "cat /ro/h.txt; echo x > /ro/y");
        assertNotEquals(0, readOnly.status());
        assertTrue(readOnly.output().startsWith("on-host"), readOnly.output());
        assertFalse(Files.exists(dir.resolve("y")));

        Run tmpfs = run("{\"Mounts\":[{\"Type\":\"tmpfs\",\"Target\":\"/t\",\"TmpfsOptions\":{\"SizeBytes\":1048576,\"Mode\":448}}]}",
                "cat", "/proc/mounts");
        String line = tmpfs.output().lines().filter(l -> l.contains(" /t ")).findFirst().orElse("");
        assertTrue(line.startsWith("tmpfs /t tmpfs") && line.contains("size=1024k") && line.contains("mode=700"), tmpfs.output());

        // --tmpfs under a volume: one list sorted by depth, so the tmpfs is mounted over the volume, not hidden by it
        Run nested = run("{\"Binds\":[\"nest:/n\"],\"Tmpfs\":{\"/n/t\":\"size=64k\"}}", "sh", "-c",
                "mkdir -p /n/t && echo x > /n/t/f && cat /proc/mounts");
        assertTrue(nested.output().lines().anyMatch(l -> l.startsWith("tmpfs /n/t tmpfs") && l.contains("size=64k")),
                nested.output());
        assertFalse(Files.exists(volumes.mountpoint("nest").resolve("t/f")), "the file went to the tmpfs, not the volume");

        DockerApiException missing = assertThrows(DockerApiException.class, () -> create(BusyboxImage.NAME,
                "{\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"/no/such/dir\",\"Target\":\"/x\"}]}", null, "true"));
        assertEquals("invalid mount config for type \"bind\": bind source path does not exist: /no/such/dir",
                missing.getMessage());
        DockerApiException duplicate = assertThrows(DockerApiException.class, () -> create(BusyboxImage.NAME,
                "{\"Binds\":[\"a1:/data\"],\"Mounts\":[{\"Type\":\"volume\",\"Target\":\"/data\"}]}", null, "true"));
        assertEquals("Duplicate mount point: /data", duplicate.getMessage());
        assertEquals(400, assertThrows(DockerApiException.class,
                () -> create(BusyboxImage.NAME, "{\"Binds\":[\"a b:/data\"]}", null, "true")).status());
        assertThrows(DockerApiException.class, () -> volumes.get("a1"), "a refused create leaves no volume");
    }

    @Test
    void pruneRemovesUnusedVolumesThatMatchItsFilter() throws Exception {
        volumes.create("prune-a", "local", Map.of(), Map.of("keep", "no"));
        volumes.create("prune-b", "local", Map.of(), Map.of("keep", "yes"));
        create(BusyboxImage.NAME, "{\"Binds\":[\"prune-c:/c\"]}", null, "true");
        Volumes.Pruned pruned = volumes.prune(v -> !"yes".equals(v.labels().get("keep")));
        assertEquals(List.of("prune-a"), pruned.deleted());
        assertEquals("prune-b", volumes.get("prune-b").name());
        assertEquals("prune-c", volumes.get("prune-c").name());
    }

    @Test
    void aLocalDriverTmpfsVolumeIsMountedWhileAContainerRuns() throws Exception {
        volumes.create("tmpvol", "local", Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=2m"), Map.of());
        Path data = volumes.mountpoint("tmpvol");
        Run run = run("{\"Binds\":[\"tmpvol:/v\"]}", "sh", "-c", "cat /proc/mounts; echo hi > /v/f; cat /v/f");
        String line = run.output().lines().filter(l -> l.contains(" /v ")).findFirst().orElse("");
        assertTrue(line.startsWith("tmpfs /v tmpfs") && line.contains("size=2048k"), run.output());
        assertTrue(run.output().endsWith("hi\n"), run.output());
        assertFalse(DurableFiles.mountPoints().contains(data), "unmounted once its last container stopped");
        assertFalse(Files.exists(data.resolve("f")), "the file was on the tmpfs");
        DockerApiException bad = assertThrows(DockerApiException.class,
                () -> volumes.create("badopt", "local", Map.of("foo", "bar"), Map.of()));
        assertEquals("create badopt: invalid option: \"foo\"", bad.getMessage());
        assertEquals(404, assertThrows(DockerApiException.class,
                () -> volumes.create("plug", "nfs-plugin", Map.of(), Map.of())).status());
    }

    @Test
    void aRestartedGatewayKnowsWhoUsesAndWhoMountedEachVolume() throws Exception {
        volumes.create("survivor", "local", Map.of("type", "tmpfs", "device", "tmpfs"), Map.of());
        Path data = volumes.mountpoint("survivor");
        Container sleeper = create(BusyboxImage.NAME, "{\"Binds\":[\"survivor:/s\"]}", null, "sleep", "300");
        service.start(sleeper.id());
        assertTrue(DurableFiles.mountPoints().contains(data));
        service.close(); // the gateway goes; the container keeps running

        newService();
        assertEquals(409, assertThrows(DockerApiException.class, () -> volumes.remove("survivor", false)).status());
        CompletableFuture<WaitResult> exit = service.waitFor(sleeper.id(), WaitCondition.NEXT_EXIT);
        service.kill(sleeper.id(), "KILL");
        exit.get(30, TimeUnit.SECONDS);
        assertFalse(DurableFiles.mountPoints().contains(data), "the adopted mount is undone when its last user stops");
        service.remove(sleeper.id(), false, false);
        volumes.remove("survivor", false);
    }

    /** The test image service with a second image: busybox whose config declares VOLUME /etc. */
    private record WithVolumeImage(BusyboxImage busybox) implements ImageService {
        @Override
        public Image inspect(String reference) {
            if (!reference.equals(VOLUME_IMAGE)) {
                return busybox.inspect(reference);
            }
            Image base = busybox.inspect(BusyboxImage.NAME);
            ObjectNode config = base.config().deepCopy();
            config.putObject("Volumes").putObject("/etc");
            return new Image("sha256:" + "d".repeat(64), List.of(VOLUME_IMAGE), List.of(), base.created(), base.size(),
                    base.architecture(), base.os(), "", "", config, base.diffIds(), base.chainId());
        }

        @Override
        public List<Image> list() {
            return busybox.list();
        }

        @Override
        public Image importImage(java.io.InputStream rootfsTar, String repository, String tag, List<String> changes,
                String message) {
            return busybox.importImage(rootfsTar, repository, tag, changes, message);
        }
    }
}
