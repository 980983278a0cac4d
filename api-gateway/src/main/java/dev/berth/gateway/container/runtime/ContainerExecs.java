package dev.berth.gateway.container.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.berth.api.runtime.v1.ExecProcessRequest;
import dev.berth.api.runtime.v1.WaitResponse;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.AttachOptions;
import dev.berth.gateway.container.Attachment;
import dev.berth.gateway.container.ExecConfig;
import dev.berth.gateway.container.ExecState;
import dev.berth.gateway.container.OutputSink;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Docker's execs: a process of its own in a running container, run by the container's shim
 * (Exec, then Start, by exec id). The gateway keeps what inspect needs in memory, as Docker
 * does; exited execs are forgotten some minutes after they ended.
 */
final class ContainerExecs {
    private static final Logger log = LoggerFactory.getLogger(ContainerExecs.class);
    private static final Duration KEEP_EXITED = Duration.ofMinutes(5);
    private static final long EXIT_GRACE_MILLIS = 2000;

    private final ContainerRegistry registry;
    private final ContainerTasks tasks;
    private final ContainerEvents events;
    private final ObjectMapper json = RecordStore.mapper();
    private final Map<String, Exec> execs = new ConcurrentHashMap<>();

    private static final class Exec {
        final String id;
        final ManagedContainer container;
        final ExecConfig config;
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
        volatile boolean started;
        volatile int pid;
        volatile long exitedAtNanos;

        Exec(String id, ManagedContainer container, ExecConfig config) {
            this.id = id;
            this.container = container;
            this.config = config;
        }
    }

    ContainerExecs(ContainerRegistry registry, ContainerTasks tasks, ContainerEvents events) {
        this.registry = registry;
        this.tasks = tasks;
        this.events = events;
    }

    String create(String ref, ExecConfig config) {
        ManagedContainer container = registry.get(ref);
        if (config == null || config.cmd() == null || config.cmd().isEmpty()) {
            throw DockerApiException.badRequest("No exec command specified");
        }
        requireRunning(container);
        forgetOld();
        String id = ContainerIds.generate();
        execs.put(id, new Exec(id, container, config));
        events.container(container.record(), "exec_create", Map.of("execID", id));
        return id;
    }

    private static void requireRunning(ManagedContainer container) {
        ContainerRecord record = container.record();
        if (!record.running()) {
            throw DockerApiException.conflict("Container " + container.id + " is not running");
        }
        if (record.paused()) {
            throw DockerApiException.conflict("Container " + container.id + " is paused, unpause the container before exec");
        }
    }

    private Exec get(String execId) {
        Exec exec = execs.get(execId);
        if (exec == null || exec.container.removed) {
            throw new DockerApiException(404, "No such exec instance: " + execId);
        }
        return exec;
    }

    boolean tty(String execId) {
        return get(execId).config.tty();
    }

    /**
     * Starts the exec. Attached: its output goes to {@code sink}, which is closed once the exec
     * exited (and its exit code is known, so an inspect right after has it). Detached: sink null.
     */
    Attachment start(String execId, OutputSink sink) {
        Exec exec = get(execId);
        synchronized (exec) {
            if (exec.started) {
                throw DockerApiException.conflict("Exec " + execId + " has already been started");
            }
            exec.started = true;
        }
        ManagedContainer container = exec.container;
        requireRunning(container);
        TaskClient task = tasks.ensureCreated(container);
        try {
            task.exec(ExecProcessRequest.newBuilder()
                    .setExecId(execId)
                    .setTerminal(exec.config.tty())
                    .setStdin(exec.config.attachStdin() && sink != null)
                    .setSpec(ByteString.copyFrom(processSpec(container, exec.config)))
                    .setUser(exec.config.user() == null || exec.config.user().isEmpty()
                            ? nullToEmpty(container.record().config().user()) : exec.config.user()));
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.toDocker("failed to create exec", e);
        }
        Attachment attachment = null;
        if (sink != null) {
            attachment = ShimAttachment.open(task, execId,
                    new AttachOptions(exec.config.attachStdin(), exec.config.attachStdout(), exec.config.attachStderr()),
                    exec.config.attachStdin(), new ExitAwareSink(sink, exec));
        }
        try {
            exec.pid = task.start(execId);
        } catch (StatusRuntimeException e) {
            if (attachment != null) {
                attachment.close();
            }
            exec.exit.complete(126);
            throw GrpcErrors.toDocker("OCI runtime exec failed", e);
        }
        events.container(container.record(), "exec_start", Map.of("execID", execId));
        Thread.ofVirtual().name("exec-wait-" + execId.substring(0, 12)).start(() -> awaitExit(task, exec));
        return attachment;
    }

    private void awaitExit(TaskClient task, Exec exec) {
        try {
            WaitResponse exit = task.awaitExit(exec.id);
            exec.exitedAtNanos = System.nanoTime();
            exec.exit.complete(exit.getExitStatus());
            events.container(exec.container.record(), "exec_die",
                    Map.of("execID", exec.id, "exitCode", String.valueOf(exit.getExitStatus())));
            task.delete(exec.id);
        } catch (RuntimeException e) {
            log.warn("lost exec {} of {}: {}", exec.id, exec.container.id, e.getMessage());
            exec.exitedAtNanos = System.nanoTime();
            exec.exit.complete(ExitMonitor.SHIM_GONE_EXIT);
        }
    }

    void resize(String execId, int height, int width) {
        Exec exec = get(execId);
        if (!exec.started || exec.exit.isDone()) {
            throw DockerApiException.conflict("Exec " + execId + " is not running");
        }
        try {
            tasks.client(exec.container).resize(execId, width, height);
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.toDocker("cannot resize exec " + execId, e);
        }
    }

    ExecState inspect(String execId) {
        Exec exec = get(execId);
        Integer code = exec.exit.getNow(null);
        return new ExecState(exec.id, exec.container.id, exec.config, exec.started && code == null, code, exec.pid);
    }

    /** The process spec: the container's own (env, cwd, capabilities, limits), with the exec's command on top. */
    private byte[] processSpec(ManagedContainer container, ExecConfig config) {
        ObjectNode process = tasks.process(container.record(), config.cmd(), config.tty());
        ArrayNode env = (ArrayNode) process.get("env");
        if (config.env() != null) {
            for (String variable : config.env()) {
                String key = ConfigMerger.envKey(variable);
                for (int i = env.size() - 1; i >= 0; i--) {
                    if (ConfigMerger.envKey(env.get(i).asText()).equals(key)) {
                        env.remove(i);
                    }
                }
                env.add(variable);
            }
        }
        if (config.tty() && !containsKey(env, "TERM")) {
            env.add("TERM=xterm");
        }
        if (config.workingDir() != null && !config.workingDir().isEmpty()) {
            process.put("cwd", config.workingDir());
        }
        if (config.privileged()) {
            ObjectNode caps = process.putObject("capabilities");
            for (String set : List.of("bounding", "effective", "permitted")) {
                ArrayNode names = caps.putArray(set);
                OciSpecBuilder.ALL_CAPABILITIES.forEach(names::add);
            }
        }
        try {
            return json.writeValueAsBytes(process);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw DockerApiException.serverError("cannot write the exec's process: " + e.getMessage(), e);
        }
    }

    private static boolean containsKey(ArrayNode env, String key) {
        for (var variable : env) {
            if (ConfigMerger.envKey(variable.asText()).equals(key)) {
                return true;
            }
        }
        return false;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private void forgetOld() {
        long now = System.nanoTime();
        execs.values().removeIf(e -> e.container.removed
                || (e.exit.isDone() && e.exitedAtNanos != 0 && now - e.exitedAtNanos > KEEP_EXITED.toNanos()));
    }

    /** Closes the client's stream only once the exec's exit code is known. */
    private record ExitAwareSink(OutputSink sink, Exec exec) implements OutputSink {
        @Override
        public void output(int stream, byte[] data) {
            sink.output(stream, data);
        }

        @Override
        public void closed(Throwable error) {
            try {
                exec.exit.get(EXIT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (Exception ignored) {
                // the client gets its stream's end anyway; inspect says running until the exit arrives
            }
            sink.closed(error);
        }
    }
}
