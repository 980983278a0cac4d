package dev.berth.gateway;

import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.AttachOptions;
import dev.berth.gateway.container.Attachment;
import dev.berth.gateway.container.Container;
import dev.berth.gateway.container.ContainerConfig;
import dev.berth.gateway.container.ContainerService;
import dev.berth.gateway.container.ContainerState;
import dev.berth.gateway.container.CreateContainerRequest;
import dev.berth.gateway.container.OutputSink;
import dev.berth.gateway.container.WaitCondition;
import dev.berth.gateway.container.WaitResult;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An in-memory ContainerService for the HTTP layer's unit tests: it runs nothing, it records what
 * the HTTP layer asked and lets the test play the container's part (output, exit).
 */
final class FakeContainers implements ContainerService {
    final Map<String, Container> containers = new ConcurrentHashMap<>();
    final Map<String, CompletableFuture<WaitResult>> exits = new ConcurrentHashMap<>();
    final LinkedBlockingQueue<FakeAttachment> attachments = new LinkedBlockingQueue<>();
    final List<String> started = new ArrayList<>();
    volatile CreateContainerRequest lastCreate;
    volatile Path logFile;
    final Map<String, Path> logFiles = new ConcurrentHashMap<>();

    /** One attach: the sink the HTTP layer gave, and what it wrote to stdin. */
    static final class FakeAttachment implements Attachment {
        final OutputSink sink;
        final AttachOptions options;
        final ByteArrayOutputStream stdinBytes = new ByteArrayOutputStream();
        final CountDownLatch stdinClosed = new CountDownLatch(1);
        final CountDownLatch detached = new CountDownLatch(1);
        private final java.io.OutputStream stdin = new java.io.OutputStream() {
            @Override
            public void write(int b) {
                synchronized (stdinBytes) {
                    stdinBytes.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (stdinBytes) {
                    stdinBytes.write(b, off, len);
                }
            }

            @Override
            public void close() {
                stdinClosed.countDown();
            }
        };

        FakeAttachment(OutputSink sink, AttachOptions options) {
            this.sink = sink;
            this.options = options;
        }

        String stdinText() {
            synchronized (stdinBytes) {
                return stdinBytes.toString();
            }
        }

        @Override
        public java.io.OutputStream stdin() {
            return stdin;
        }

        @Override
        public void close() {
            detached.countDown();
        }
    }

    Container add(String id, String name, boolean tty, ContainerState state) {
        ContainerConfig config = new ContainerConfig("", "", "", false, true, true, null, tty, false, false,
                List.of("PATH=/bin"), List.of("echo", "hi"), "busybox", null, "", null, Map.of("a", "b"), null, null);
        Container container = new Container(id, name, Instant.now().minusSeconds(5), "sha256:" + "ab".repeat(32), "busybox",
                "echo", List.of("hi"), config, null, state, List.of(), 0, logFile, null, null, null, List.of(), null);
        containers.put(id, container);
        return container;
    }

    static ContainerState running() {
        return new ContainerState("running", true, false, false, false, false, 42, 0, "", Instant.now().minusSeconds(3), null);
    }

    static ContainerState exited(int code) {
        return new ContainerState("exited", false, false, false, false, false, 0, code, "",
                Instant.now().minusSeconds(200), Instant.now().minusSeconds(120));
    }

    private Container find(String ref) {
        String key = ref.startsWith("/") ? ref.substring(1) : ref;
        for (Container c : containers.values()) {
            if (c.id().startsWith(key) || c.name().equals(key)) {
                return c;
            }
        }
        throw DockerApiException.noSuchContainer(ref);
    }

    @Override
    public Container create(String name, CreateContainerRequest request) {
        lastCreate = request;
        if (request.config().image() == null || request.config().image().equals("nosuch")) {
            throw DockerApiException.noSuchImage(String.valueOf(request.config().image()));
        }
        String id = Long.toHexString(System.nanoTime()) + "0".repeat(48);
        String actualName = name == null ? "fake_" + containers.size() : name;
        if (containers.values().stream().anyMatch(c -> c.name().equals(actualName))) {
            throw DockerApiException.conflict("Conflict. The container name \"/" + actualName + "\" is already in use");
        }
        Container c = new Container(id, actualName, Instant.now(), "sha256:" + "ab".repeat(32), request.config().image(),
                "echo", List.of(), request.config(), request.hostConfig(),
                new ContainerState("created", false, false, false, false, false, 0, 0, "", null, null),
                List.of(), 0, logFile, null, null, null, List.of(), null);
        containers.put(id, c);
        return c;
    }

    @Override
    public void start(String ref) {
        Container c = find(ref);
        if (c.state().running()) {
            throw DockerApiException.notModified();
        }
        started.add(c.id());
    }

    @Override
    public Attachment attach(String ref, AttachOptions options, OutputSink sink) {
        find(ref);
        FakeAttachment attachment = new FakeAttachment(sink, options);
        attachments.add(attachment);
        return attachment;
    }

    @Override
    public CompletableFuture<WaitResult> waitFor(String ref, WaitCondition condition) {
        return exits.computeIfAbsent(find(ref).id(), k -> new CompletableFuture<>());
    }

    @Override
    public void kill(String ref, String signal) {
        find(ref);
    }

    @Override
    public void stop(String ref, Integer timeoutSeconds) {
        find(ref);
    }

    @Override
    public void remove(String ref, boolean force, boolean removeVolumes) {
        Container c = find(ref);
        if (c.state().running() && !force) {
            throw DockerApiException.conflict("You cannot remove a running container " + c.id() + ". Stop the container before attempting removal or force remove");
        }
        containers.remove(c.id());
    }

    @Override
    public List<Container> list(boolean all, Map<String, List<String>> filters) {
        return containers.values().stream().filter(c -> all || c.state().running()).toList();
    }

    @Override
    public Container inspect(String ref) {
        return find(ref);
    }

    @Override
    public Path logPath(String ref) {
        return logFiles.getOrDefault(find(ref).id(), logFile);
    }

    // ---- the rest of ContainerService is not what the HTTP tests using this fake exercise

    private static DockerApiException notInFake() {
        return new DockerApiException(501, "not implemented by the test fake");
    }

    @Override public void restart(String ref, Integer timeoutSeconds) { throw notInFake(); }
    @Override public void pause(String ref) { throw notInFake(); }
    @Override public void unpause(String ref) { throw notInFake(); }
    @Override public void rename(String ref, String newName) { throw notInFake(); }
    @Override public void resize(String ref, int height, int width) { throw notInFake(); }
    @Override public List<String> prune(Map<String, List<String>> filters) { throw notInFake(); }
    @Override public String execCreate(String ref, dev.berth.gateway.container.ExecConfig config) { throw notInFake(); }
    @Override public Attachment execStart(String execId, OutputSink sink) { throw notInFake(); }
    @Override public boolean execTty(String execId) { throw notInFake(); }
    @Override public void execResize(String execId, int height, int width) { throw notInFake(); }
    @Override public dev.berth.gateway.container.ExecState execInspect(String execId) { throw notInFake(); }
    @Override public dev.berth.gateway.container.ProcessList top(String ref, String psArgs) { throw notInFake(); }
    @Override public dev.berth.api.runtime.v1.StatsResponse stats(String ref) { throw notInFake(); }
    @Override public List<dev.berth.gateway.container.FileChange> changes(String ref) { throw notInFake(); }
    /** Every path is a directory named after its last element (enough for the HEAD /archive route). */
    @Override public dev.berth.gateway.container.PathStat statPath(String ref, String path, List<String> throughMounts) {
        String name = path.replaceAll("/+$", "");
        return new dev.berth.gateway.container.PathStat(name.substring(name.lastIndexOf('/') + 1), 4096,
                0x80000000L | 0755, java.time.Instant.EPOCH, "");
    }

    /** The container named "with-volume" has a volume at /data; the others have no mounts. */
    @Override public List<dev.berth.gateway.volume.MountPoint> mounts(String ref) {
        return ref.equals("with-volume") ? List.of(new dev.berth.gateway.volume.MountPoint("volume", "v", "/var/lib/v",
                "/data", "local", "z", true, "", false, null)) : List.of();
    }
    /** Every container here is stopped: a path involving "with-volume"'s volume is refused as the engine refuses it. */
    @Override public List<String> copyMounts(String ref, String path) {
        dev.berth.gateway.container.runtime.MountedPaths.throughMounts(mounts(ref), path, false);
        return List.of();
    }
    @Override public java.io.InputStream archive(String ref, String path, List<String> throughMounts) { throw notInFake(); }
    @Override public void extract(String ref, String path, java.io.InputStream tar, boolean noOverwrite, List<String> throughMounts) {
        throw notInFake();
    }
    @Override public java.io.InputStream export(String ref) { throw notInFake(); }
    @Override public List<String> update(String ref, com.fasterxml.jackson.databind.JsonNode body) { throw notInFake(); }
}
