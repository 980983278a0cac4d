package dev.berth.gateway.container.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.config.GatewaySettings;
import dev.berth.gateway.config.ServiceClients;
import dev.berth.gateway.container.Container;
import dev.berth.gateway.container.ContainerConfig;
import dev.berth.gateway.container.CreateContainerRequest;
import dev.berth.gateway.container.ExecConfig;
import dev.berth.gateway.container.ExecState;
import dev.berth.gateway.container.HostConfig;
import dev.berth.gateway.container.OutputSink;
import dev.berth.gateway.events.Event;
import dev.berth.gateway.events.EventBus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Container commands beyond run (exec, pause, rename, health checks) and their error paths in
 * Docker's words, against the real services, shim host and runc.
 */
class ContainerCommandsIntegrationTest {
    private static RuntimeServices services;
    private static ServiceClients clients;
    private static BusyboxImage images;
    private static GatewaySettings settings;

    private final EventBus bus = new EventBus();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private ShimContainerService service;
    private final List<String> created = new ArrayList<>();

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
        service = new ShimContainerService(settings, clients, images, bus);
        bus.subscribe(0, events::add);
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
    }

    private Container create(String name, List<String> cmd, ContainerConfig.Healthcheck health) {
        ContainerConfig config = new ContainerConfig(null, null, null, false, true, true, null, false, false, false, null,
                cmd, BusyboxImage.NAME, null, null, null, Map.of(), null, null, health);
        Container container = service.create(name, new CreateContainerRequest(config,
                HostConfig.defaults().withNetworkMode("none"), null));
        created.add(container.id());
        return container;
    }

    private static int status(Runnable call) {
        return assertThrows(DockerApiException.class, call::run).status();
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void errorPathsAnswerInDockersWords() {
        DockerApiException unknown = assertThrows(DockerApiException.class, () -> service.start("no-such-container"));
        assertEquals(404, unknown.status());
        assertEquals("No such container: no-such-container", unknown.getMessage());

        Container sleeper = create("cmd-sleeper", List.of("sleep", "300"), null);
        DockerApiException taken = assertThrows(DockerApiException.class,
                () -> create("cmd-sleeper", List.of("true"), null));
        assertEquals(409, taken.status());
        assertTrue(taken.getMessage().startsWith("Conflict. The container name \"/cmd-sleeper\" is already in use"));

        DockerApiException notRunning = assertThrows(DockerApiException.class, () -> service.execCreate(sleeper.id(),
                new ExecConfig(false, true, true, null, false, null, List.of("true"), false, null, null)));
        assertEquals(409, notRunning.status());
        assertEquals("Container " + sleeper.id() + " is not running", notRunning.getMessage());

        assertEquals(400, status(() -> service.stop(sleeper.id(), -5)));
        assertEquals(400, status(() -> service.create(null, new CreateContainerRequest(
                new ContainerConfig(null, null, null, false, true, true, null, false, false, false, null, List.of("true"),
                        BusyboxImage.NAME, null, null, null, Map.of(), null, null),
                HostConfig.defaults().withRestartPolicy(new HostConfig.RestartPolicy("sometimes", 0)), null))));

        service.start(sleeper.id());
        service.pause(sleeper.id());
        assertEquals("paused", service.inspect(sleeper.id()).state().status());
        DockerApiException twice = assertThrows(DockerApiException.class, () -> service.pause(sleeper.id()));
        assertEquals(409, twice.status());
        assertEquals("Container " + sleeper.id() + " is already paused", twice.getMessage());
        service.unpause(sleeper.id());
        assertEquals(409, status(() -> service.unpause(sleeper.id())));
        assertEquals("running", service.inspect(sleeper.id()).state().status());
    }

    @Test
    void anExecIsAProcessOfItsOwnWithItsExitCode() throws Exception {
        Container sleeper = create(null, List.of("sleep", "300"), null);
        service.start(sleeper.id());
        String execId = service.execCreate(sleeper.id(),
                new ExecConfig(false, true, true, null, false, List.of("X=1"), List.of("sh", "-c", "echo $X; exit 3"),
                        false, null, "/tmp"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        service.execStart(execId, new OutputSink() {
            @Override
            public synchronized void output(int stream, byte[] data) {
                out.writeBytes(data);
            }

            @Override
            public void closed(Throwable error) {
                ended.complete(error);
            }
        });
        assertNull(ended.get(30, TimeUnit.SECONDS));
        assertEquals("1\n", out.toString(StandardCharsets.UTF_8));
        ExecState state = service.execInspect(execId);
        assertEquals(3, state.exitCode(), "the exit code is known when the stream ends");
        assertEquals(409, status(() -> service.execResize(execId, 24, 80)), "an exited exec cannot be resized");
        assertEquals(409, status(() -> service.execStart(execId, null)), "an exec runs once");
        assertTrue(events.stream().anyMatch(e -> e.action().equals("exec_start")));
    }

    @Test
    void healthChecksRunAsExecsAndSetTheStatus() throws Exception {
        long interval = TimeUnit.MILLISECONDS.toNanos(300);
        // the first check comes one interval after the start: 1 s leaves room to see "starting" on a loaded machine
        Container healthy = create(null, List.of("sleep", "300"),
                new ContainerConfig.Healthcheck(List.of("CMD-SHELL", "test -d /tmp"), TimeUnit.SECONDS.toNanos(1), null, null, 1));
        Container sick = create(null, List.of("sleep", "300"),
                new ContainerConfig.Healthcheck(List.of("CMD-SHELL", "exit 1"), interval, null, null, 2));
        service.start(healthy.id());
        assertEquals("starting", service.inspect(healthy.id()).health().status());
        service.start(sick.id());
        eventually(() -> "healthy".equals(service.inspect(healthy.id()).health().status()), "healthy");
        eventually(() -> "unhealthy".equals(service.inspect(sick.id()).health().status()), "unhealthy");
        assertTrue(service.inspect(sick.id()).health().failingStreak() >= 2);
        var last = service.inspect(sick.id()).health().log().getLast();
        assertEquals(1, last.exitCode(), last.output());
        assertTrue(events.stream().anyMatch(e -> e.actorId().equals(healthy.id())
                && e.action().equals("health_status: healthy")));
    }

    @Test
    void renameMovesTheNameAndRefusesATakenOne() {
        Container a = create("cmd-a", List.of("true"), null);
        create("cmd-b", List.of("true"), null);
        assertEquals(409, status(() -> service.rename(a.id(), "cmd-b")));
        service.rename(a.id(), "cmd-c");
        assertEquals(a.id(), service.inspect("cmd-c").id());
        assertEquals(404, status(() -> service.inspect("cmd-a")));
    }
}
