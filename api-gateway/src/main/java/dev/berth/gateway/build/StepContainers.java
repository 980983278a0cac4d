package dev.berth.gateway.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.AttachOptions;
import dev.berth.gateway.container.Attachment;
import dev.berth.gateway.container.Container;
import dev.berth.gateway.container.ContainerConfig;
import dev.berth.gateway.container.ContainerService;
import dev.berth.gateway.container.CreateContainerRequest;
import dev.berth.gateway.container.HostConfig;
import dev.berth.gateway.container.OutputSink;
import dev.berth.gateway.container.WaitCondition;
import dev.berth.gateway.container.WaitResult;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The build's containers through the gateway's ContainerService, as moby's containerManager keeps
 * them: created from a step's run config ("---> Running in"), run with their output in the build
 * stream, and removed after the step ("Removing intermediate container"), or on failure only with
 * forcerm. Containers the builder needs only as a root filesystem (COPY, ADD) are made and removed
 * without a word, as Docker uses a bare layer there.
 */
final class StepContainers {
    private final ContainerService containers;
    private final BuildProgress progress;
    private final boolean remove;
    private final boolean forceRemove;
    private final Set<String> pending = new LinkedHashSet<>();

    StepContainers(ContainerService containers, BuildProgress progress, boolean remove, boolean forceRemove) {
        this.containers = containers;
        this.progress = progress;
        this.remove = remove;
        this.forceRemove = forceRemove;
    }

    /** moby's builder.create: the container of a step, announced and kept until the step ends. */
    String create(ObjectNode runConfig, String imageId) {
        Container container = containers.create(null, request(runConfig, imageId));
        for (String warning : container.warnings() == null ? List.<String>of() : container.warnings()) {
            progress.stream(" ---> [Warning] " + warning + "\n");
        }
        progress.stream(" ---> Running in " + container.id().substring(0, 12) + "\n");
        pending.add(container.id());
        return container.id();
    }

    /** A container used only for its root filesystem; the caller removes it with {@link #removeQuietly}. */
    String createQuietly(ObjectNode runConfig, String imageId) {
        return containers.create(null, request(runConfig, imageId)).id();
    }

    void removeQuietly(String id) {
        try {
            containers.remove(id, true, true);
        } catch (DockerApiException e) {
            if (e.status() != 404) {
                org.slf4j.LoggerFactory.getLogger(StepContainers.class).warn("could not remove build container {}: {}", id, e.getMessage());
            }
        }
    }

    /**
     * moby's containerManager.Run: attach, start, output into the stream until the process ends;
     * a non-zero exit is Docker's "The command '...' returned a non-zero code: N".
     */
    void run(String id, List<String> cmd) {
        CountDownLatch drained = new CountDownLatch(1);
        Attachment attachment = containers.attach(id, new AttachOptions(false, true, true), new OutputSink() {
            @Override
            public void output(int stream, byte[] data) {
                String text = new String(data, StandardCharsets.UTF_8);
                if (stream == 2) {
                    progress.stderr(text);
                } else {
                    progress.stream(text);
                }
            }

            @Override
            public void closed(Throwable error) {
                drained.countDown();
            }
        });
        try {
            containers.start(id);
            WaitResult result = containers.waitFor(id, WaitCondition.NOT_RUNNING).get();
            drained.await(30, TimeUnit.SECONDS);
            if (result.statusCode() != 0) {
                String message = "The command '" + String.join(" ", cmd) + "' returned a non-zero code: " + result.statusCode();
                if (result.error() != null && !result.error().isEmpty()) {
                    message += ": " + result.error();
                }
                throw new BuildFailure(message, result.statusCode());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            containers.kill(id, "KILL");
            throw new BuildFailure("build cancelled");
        } catch (ExecutionException e) {
            throw new BuildFailure("waiting for the container failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            attachment.close();
        }
    }

    /** After a step (moby's dispatch defer): its containers go with forcerm always, with rm when it succeeded. */
    void stepEnded(boolean succeeded) {
        if (forceRemove || (remove && succeeded)) {
            removeAll();
        }
    }

    /** moby's RemoveAll: each container removed, then announced. */
    void removeAll() {
        for (String id : List.copyOf(pending)) {
            try {
                containers.remove(id, true, true);
            } catch (DockerApiException e) {
                if (e.status() != 404) {
                    progress.stream("Error removing intermediate container " + id.substring(0, 12) + ": " + e.getMessage() + "\n");
                    return;
                }
            }
            pending.remove(id);
            progress.stream("Removing intermediate container " + id.substring(0, 12) + "\n");
        }
    }

    /**
     * The create request of a run config. Volumes are left out: the builder's containers write into
     * their root filesystem (Berth refuses anonymous volumes at create), what Docker commits anyway.
     */
    static CreateContainerRequest request(ObjectNode runConfig, String imageId) {
        Map<String, Object> exposed = null;
        JsonNode ports = runConfig.get("ExposedPorts");
        if (ports != null && ports.isObject() && !ports.isEmpty()) {
            exposed = new LinkedHashMap<>();
            for (var it = ports.fieldNames(); it.hasNext(); ) {
                exposed.put(it.next(), Map.of());
            }
        }
        Map<String, String> labels = RunConfigs.stringMap(runConfig, "Labels");
        ContainerConfig.Healthcheck health = null;
        List<String> test = RunConfigs.strings(runConfig.path("Healthcheck"), "Test");
        if (test != null) {
            health = new ContainerConfig.Healthcheck(test, null, null, null, null);
        }
        String stopSignal = RunConfigs.text(runConfig, "StopSignal");
        ContainerConfig config = new ContainerConfig("", "", RunConfigs.text(runConfig, "User"), false, true, true, exposed,
                false, false, false, RunConfigs.strings(runConfig, "Env"), RunConfigs.strings(runConfig, "Cmd"), imageId,
                null, RunConfigs.text(runConfig, "WorkingDir"), RunConfigs.strings(runConfig, "Entrypoint"),
                labels.isEmpty() ? null : labels, stopSignal.isEmpty() ? null : stopSignal, null, health);
        return new CreateContainerRequest(config, HostConfig.defaults(), null);
    }
}
