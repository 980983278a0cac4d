package dev.berth.gateway.container.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.containerd.snapshots.v1.StatSnapshotRequest;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.config.GatewaySettings;
import dev.berth.gateway.config.ServiceClients;
import dev.berth.gateway.container.AttachOptions;
import dev.berth.gateway.container.Attachment;
import dev.berth.gateway.container.Container;
import dev.berth.gateway.container.ContainerConfig;
import dev.berth.gateway.container.CreateContainerRequest;
import dev.berth.gateway.container.HostConfig;
import dev.berth.gateway.container.OutputSink;
import dev.berth.gateway.container.WaitCondition;
import dev.berth.gateway.container.WaitResult;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The container service against the real content store, snapshotter, network service, shim and
 * runc, each a process of its own, as in production.
 */
class ShimContainerServiceIntegrationTest {
    private static RuntimeServices services;
    private static ServiceClients clients;
    private static BusyboxImage images;
    private static GatewaySettings settings;

    private ShimContainerService service;
    private final List<String> created = new ArrayList<>();
    private final List<Path> netnsSeen = new ArrayList<>();

    @BeforeAll
    static void startServices() throws Exception {
        services = RuntimeServices.start();
        clients = services.clients;
        images = services.images;
        settings = services.settings;
    }

    @AfterAll
    static void stopServices() throws Exception {
        if (services != null) {
            services.close();
        }
    }

    @BeforeEach
    void newService() {
        service = new ShimContainerService(settings, clients, images);
        service.recover();
    }

    @AfterEach
    void removeContainers() {
        for (String id : created) {
            try {
                service.remove(id, true, false);
            } catch (DockerApiException e) {
                if (e.status() != 404) {
                    System.err.println("cleanup of " + id + ": " + e.getMessage());
                }
            }
        }
        service.close();
        netnsSeen.forEach(HostCleanup::deleteNetns);
    }

    private static ContainerConfig config(List<String> cmd, boolean openStdin) {
        return new ContainerConfig(null, null, null, openStdin, true, true, null, false, openStdin, openStdin, null, cmd,
                BusyboxImage.NAME, null, null, null, Map.of("suite", "it"), null, null);
    }

    private static HostConfig host(String network, boolean autoRemove) {
        return new HostConfig(null, network, null, null, autoRemove, null, null, false, false, false, null);
    }

    private Container create(List<String> cmd, String network, boolean autoRemove, boolean openStdin) {
        Container container = service.create(null, new CreateContainerRequest(config(cmd, openStdin),
                host(network, autoRemove), null));
        created.add(container.id());
        return container;
    }

    /** Collects output as the HTTP layer would, and tells when the stream ended. */
    static final class Collector implements OutputSink {
        final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        final CompletableFuture<Throwable> closed = new CompletableFuture<>();

        @Override
        public synchronized void output(int stream, byte[] data) {
            (stream == 1 ? stdout : stderr).writeBytes(data);
        }

        @Override
        public void closed(Throwable error) {
            closed.complete(error);
        }

        synchronized String out() {
            return stdout.toString(StandardCharsets.UTF_8);
        }

        synchronized String err() {
            return stderr.toString(StandardCharsets.UTF_8);
        }
    }

    private static WaitResult await(CompletableFuture<WaitResult> future) throws Exception {
        return future.get(60, TimeUnit.SECONDS);
    }

    private Path netnsOf(String id) throws Exception {
        String path = new RecordStore(ContainerPaths.of(settings)).load(id).netnsPath();
        if (path != null) {
            netnsSeen.add(Path.of(path));
        }
        return path == null ? null : Path.of(path);
    }

    @Test
    void runEchoHelloThroughAttachAndStart() throws Exception {
        Container container = create(List.of("echo", "hello"), "bridge", false, false);
        assertEquals("created", container.state().status());
        assertEquals(container.id().substring(0, 12), container.config().hostname());
        CompletableFuture<WaitResult> exit = service.waitFor(container.id(), WaitCondition.NEXT_EXIT);
        Collector output = new Collector();
        try (Attachment attachment = service.attach(container.id(), new AttachOptions(false, true, true), output)) {
            service.start(container.name());
            assertEquals(0, await(exit).statusCode());
            assertEquals(null, output.closed.get(30, TimeUnit.SECONDS));
            assertEquals("hello\n", output.out());
        }
        Container exited = service.inspect(container.id().substring(0, 10));
        assertEquals("exited", exited.state().status());
        assertEquals(0, exited.state().exitCode());
        assertNotNull(exited.state().finishedAt());
        assertTrue(Files.readString(service.logPath(container.id())).contains("\"log\":\"hello\\n\""));
        assertEquals(0, await(service.waitFor(container.name(), WaitCondition.NOT_RUNNING)).statusCode());

        // An attachment to an exited container waits for its next run and can be closed; a new start runs it again.
        Collector late = new Collector();
        Attachment waiting = service.attach(container.id(), new AttachOptions(false, true, true), late);
        assertThrows(java.util.concurrent.TimeoutException.class, () -> late.closed.get(300, TimeUnit.MILLISECONDS),
                "an attachment to an exited container stays open for its next run, as moby's does");
        waiting.close();
        late.closed.get(5, TimeUnit.SECONDS); // detaching ends it, with or without a status
        assertEquals("", late.out());
        CompletableFuture<WaitResult> again = service.waitFor(container.id(), WaitCondition.NEXT_EXIT);
        service.start(container.id());
        assertEquals(0, await(again).statusCode());
    }

    @Test
    void exitCodeAndErrorsOfTheCommand() throws Exception {
        Container seven = create(List.of("sh", "-c", "echo oops >&2; exit 7"), "none", false, false);
        Collector output = new Collector();
        service.attach(seven.id(), new AttachOptions(false, true, true), output);
        CompletableFuture<WaitResult> exit = service.waitFor(seven.id(), WaitCondition.NEXT_EXIT);
        service.start(seven.id());
        assertEquals(7, await(exit).statusCode());
        output.closed.get(30, TimeUnit.SECONDS);
        assertEquals("oops\n", output.err());
        assertEquals(7, service.inspect(seven.id()).state().exitCode());

        Container missing = create(List.of("nope"), "none", false, false);
        DockerApiException failed = assertThrows(DockerApiException.class, () -> service.start(missing.id()));
        assertEquals(400, failed.status(), failed.getMessage());
        assertTrue(failed.getMessage().contains("executable file not found"), failed.getMessage());
        Container after = service.inspect(missing.id());
        assertEquals(127, after.state().exitCode());
        assertFalse(after.state().running());
        assertTrue(after.state().error().contains("nope"));
    }

    @Test
    void stdinReachesTheContainer() throws Exception {
        Container cat = create(List.of("cat"), "none", false, true);
        Collector output = new Collector();
        Attachment attachment = service.attach(cat.id(), new AttachOptions(true, true, true), output);
        CompletableFuture<WaitResult> exit = service.waitFor(cat.id(), WaitCondition.NEXT_EXIT);
        service.start(cat.id());
        try (OutputStream stdin = attachment.stdin()) {
            stdin.write("ping\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }
        assertEquals(0, await(exit).statusCode());
        output.closed.get(30, TimeUnit.SECONDS);
        assertEquals("ping\n", output.out());
    }

    @Test
    void aShimHostKilledWithSigkillIsRelaunchedAndTakesItsRunningContainerBack() throws Exception {
        Container container = create(List.of("sh", "-c", "while true; do echo tick; sleep 0.1; done"), "none", false, false);
        service.start(container.id());
        int pid = service.inspect(container.id()).state().pid();
        long hostPid = Long.parseLong(Files.readString(settings.shimHostsDir().resolve("shared.pid")).strip());
        ProcessHandle host = ProcessHandle.of(hostPid).orElseThrow();
        host.destroyForcibly();
        host.onExit().get(10, TimeUnit.SECONDS);
        Thread.sleep(500);
        assertTrue(runs(pid), "the container outlives its host");
        assertTrue(service.inspect(container.id()).state().running(), "never reported exited while it runs");
        long linesBefore = Files.readAllLines(ContainerPaths.of(settings).logFile(container.id())).size();
        // the monitor's Wait relaunches the host, which takes the container back; stop works through it
        service.stop(container.id(), 5);
        Container stopped = service.inspect(container.id());
        assertFalse(stopped.state().running());
        assertFalse(runs(pid), "stop ended the container");
        long linesAfter = Files.readAllLines(ContainerPaths.of(settings).logFile(container.id())).size();
        assertTrue(linesAfter > linesBefore, "output written around the crash reached the log: " + linesBefore + " -> " + linesAfter);
        long newHost = Long.parseLong(Files.readString(settings.shimHostsDir().resolve("shared.pid")).strip());
        assertNotEquals(hostPid, newHost, "a new host serves the group");
    }

    /**
     * Whether the process runs: a zombie does not. An adopted container is no longer the host's
     * child, so once it exits it waits as a zombie until its new parent (the machine's init) reaps it.
     */
    private static boolean runs(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void withOneHostPerContainerTheHostEndsWithItsContainer() throws Exception {
        GatewaySettings perContainer = new GatewaySettings(settings.root(), settings.state(), settings.socket(),
                settings.shimBinary(), settings.runcBinary(), settings.runcRoot(), settings.namespace(), 1);
        ShimContainerService isolated = new ShimContainerService(perContainer, clients, images);
        try {
            isolated.recover();
            Container container = isolated.create(null, new CreateContainerRequest(config(List.of("echo", "alone"), false),
                    host("none", false), null));
            created.add(container.id());
            for (int run = 0; run < 2; run++) {
                CompletableFuture<WaitResult> exit = isolated.waitFor(container.id(), WaitCondition.NEXT_EXIT);
                Collector output = new Collector();
                try (Attachment attachment = isolated.attach(container.id(), new AttachOptions(false, true, true), output)) {
                    isolated.start(container.id());
                    assertEquals(0, await(exit).statusCode());
                    assertEquals(null, output.closed.get(30, TimeUnit.SECONDS));
                    assertEquals("alone\n", output.out());
                }
                Path pidFile = perContainer.shimHostsDir().resolve(container.id() + ".pid");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (Files.exists(pidFile) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertFalse(Files.exists(pidFile), "the stopped container's host ended");
            }
            isolated.remove(container.id(), false, false);
        } finally {
            isolated.close();
        }
    }

    @Test
    void autoRemoveLeavesNothingBehind() throws Exception {
        Container container = create(List.of("sh", "-c", "sleep 1; echo bye"), "bridge", true, false);
        String id = container.id();
        CompletableFuture<WaitResult> removed = service.waitFor(id, WaitCondition.REMOVED);
        service.start(id);
        Path netns = netnsOf(id);
        assertNotNull(netns);
        assertTrue(Files.exists(netns), "the container runs in its own namespace");
        assertTrue(service.inspect(id).networks().getFirst().ipAddress().startsWith(ServiceStack.SUBNET.substring(0, ServiceStack.SUBNET.lastIndexOf('.') + 1)));
        assertTrue(service.list(false, Map.of()).stream().anyMatch(c -> c.id().equals(id)));

        assertEquals(0, await(removed).statusCode());
        assertEquals(404, assertThrows(DockerApiException.class, () -> service.inspect(id)).status());
        StatusRuntimeException noSnapshot = assertThrows(StatusRuntimeException.class, () -> clients.snapshots()
                .stat(StatSnapshotRequest.newBuilder().setSnapshotter(dev.berth.gateway.config.ServiceClients.DEFAULT_SNAPSHOTTER).setKey(id).build()));
        assertEquals(Status.Code.NOT_FOUND, noSnapshot.getStatus().getCode());
        assertFalse(Files.exists(netns), "no network namespace is left");
        ContainerPaths paths = ContainerPaths.of(settings);
        assertFalse(Files.exists(paths.bundleDir(id)));
        assertFalse(Files.exists(paths.shimDir(id)));
        assertFalse(Files.exists(paths.containerDir(id)));
        assertTrue(HostCleanup.mountsUnder(paths.bundleDir(id)).isEmpty());
    }

    @Test
    void containersOutliveTheGatewayAndAreRecoveredByANewOne() throws Exception {
        Container container = create(List.of("sleep", "300"), "bridge", false, false);
        String id = container.id();
        service.start(id);
        netnsOf(id);
        assertEquals(409, assertThrows(DockerApiException.class, () -> service.remove(id, false, false)).status());
        assertEquals(304, assertThrows(DockerApiException.class, () -> service.start(id)).status());

        service.close(); // the gateway goes away; the container must not notice
        service = new ShimContainerService(settings, clients, images);
        service.recover();

        Container recovered = service.inspect(id);
        assertTrue(recovered.state().running());
        assertTrue(service.list(false, Map.of("name", List.of(container.name()))).stream().anyMatch(c -> c.id().equals(id)));
        assertTrue(service.list(false, Map.of("status", List.of("exited"))).stream().noneMatch(c -> c.id().equals(id)));
        CompletableFuture<WaitResult> exit = service.waitFor(id, WaitCondition.NOT_RUNNING);
        assertFalse(exit.isDone());
        service.kill(id, "KILL");
        assertEquals(137, await(exit).statusCode());
        assertEquals("exited", service.inspect(id).state().status());
        assertEquals(409, assertThrows(DockerApiException.class, () -> service.kill(id, "TERM")).status());

        service.remove(id, false, false);
        assertEquals(404, assertThrows(DockerApiException.class, () -> service.inspect(id)).status());
    }

    @Test
    void stopThenForceRemove() throws Exception {
        Container container = create(List.of("sleep", "300"), "none", false, false);
        String id = container.id();
        service.start(id);
        long started = System.nanoTime();
        service.stop(id, 1); // sleep as pid 1 ignores SIGTERM: SIGKILL after 1 s
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(15));
        assertEquals(137, service.inspect(id).state().exitCode());
        assertEquals(304, assertThrows(DockerApiException.class, () -> service.stop(id, 1)).status());

        service.start(id);
        service.remove(id, true, false);
        assertEquals(404, assertThrows(DockerApiException.class, () -> service.inspect(id)).status());
    }

    @Test
    void createRejectsBadInput() {
        assertEquals(404, assertThrows(DockerApiException.class, () -> service.create(null,
                new CreateContainerRequest(new ContainerConfig(null, null, null, false, false, false, null, false, false,
                        false, null, List.of("true"), "nosuch:image", null, null, null, null, null, null), null, null)))
                .status());
        Container named = service.create("/it-named", new CreateContainerRequest(config(List.of("true"), false), null, null));
        created.add(named.id());
        assertEquals("it-named", named.name());
        DockerApiException conflict = assertThrows(DockerApiException.class,
                () -> service.create("it-named", new CreateContainerRequest(config(List.of("true"), false), null, null)));
        assertEquals(409, conflict.status());
        assertEquals(400, assertThrows(DockerApiException.class,
                () -> service.create("bad name", new CreateContainerRequest(config(List.of("true"), false), null, null))).status());
        assertEquals(404, assertThrows(DockerApiException.class, () -> service.create(null,
                new CreateContainerRequest(config(List.of("true"), false), host("no-such-net", false), null))).status());
        assertEquals(1, service.list(true, Map.of("label", List.of("suite=it"), "name", List.of("it-named"))).size());
        assertEquals(404, assertThrows(DockerApiException.class, () -> service.remove("nosuch", true, false)).status());
    }
}
