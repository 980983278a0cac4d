package dev.berth.gateway.container.runtime;

import dev.berth.api.runtime.v1.ProcessInfo;
import dev.berth.api.runtime.v1.StatsResponse;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.ProcessList;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What runs in a container: top (the host's ps, narrowed to the container's pids as Docker
 * does), stats samples and the TTY size, each asked of the container's shim.
 */
final class ContainerProcesses {
    private final ContainerRegistry registry;
    private final ContainerTasks tasks;

    ContainerProcesses(ContainerRegistry registry, ContainerTasks tasks) {
        this.registry = registry;
        this.tasks = tasks;
    }

    private TaskClient running(String ref) {
        ManagedContainer container = registry.get(ref);
        if (!container.record().running()) {
            throw DockerApiException.conflict("Container " + container.id + " is not running");
        }
        return tasks.client(container);
    }

    ProcessList top(String ref, String psArgs) {
        TaskClient task = running(ref);
        Set<String> pids = new HashSet<>();
        try {
            for (ProcessInfo process : task.pids().getProcessesList()) {
                pids.add(String.valueOf(process.getPid()));
            }
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.toDocker("failed to list the processes of " + task.id(), e);
        }
        List<String> command = new ArrayList<>();
        command.add("ps");
        command.addAll(Arrays.asList((psArgs == null || psArgs.isBlank() ? "-ef" : psArgs).trim().split("\\s+")));
        String output = runPs(command);
        String[] lines = output.split("\n");
        if (lines.length == 0 || lines[0].isBlank()) {
            throw DockerApiException.serverError("ps printed nothing", null);
        }
        List<String> titles = List.of(lines[0].trim().split("\\s+"));
        int pidColumn = titles.indexOf("PID");
        if (pidColumn < 0) {
            throw DockerApiException.serverError("Couldn't find PID field in ps output", null);
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            // the last column (the command) keeps its spaces, as moby's parser does
            String[] fields = lines[i].trim().split("\\s+", titles.size());
            if (fields.length > pidColumn && pids.contains(fields[pidColumn])) {
                rows.add(List.of(fields));
            }
        }
        return new ProcessList(titles, rows);
    }

    private static String runPs(List<String> command) {
        try {
            Process ps = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = ps.getInputStream().readAllBytes();
            if (!ps.waitFor(10, TimeUnit.SECONDS)) {
                ps.destroyForcibly();
                throw DockerApiException.serverError("ps did not finish", null);
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (ps.exitValue() != 0) {
                throw DockerApiException.serverError("Error running ps: exit status " + ps.exitValue() + ": " + text.strip(), null);
            }
            return text;
        } catch (IOException e) {
            throw DockerApiException.serverError("Error running ps: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DockerApiException.serverError("interrupted", e);
        }
    }

    StatsResponse stats(String ref) {
        TaskClient task = running(ref);
        try {
            return task.stats();
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.toDocker("failed to read the stats of " + task.id(), e);
        }
    }

    void resize(String ref, int height, int width) {
        ManagedContainer container = registry.get(ref);
        if (!container.record().running()) {
            throw DockerApiException.conflict("Container " + container.id + " is not running");
        }
        if (!container.record().config().tty()) {
            return; // Docker answers 200 and does nothing for a container without a TTY
        }
        try {
            tasks.client(container).resize("", width, height);
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.toDocker("cannot resize container " + container.id, e);
        }
    }
}
