package dev.berth.shim.task;

import dev.berth.api.runtime.v1.PidsResponse;
import dev.berth.api.runtime.v1.ProcessInfo;
import dev.berth.api.runtime.v1.StatsResponse;
import dev.berth.shim.io.Timestamps;
import dev.berth.shim.json.Json;
import dev.berth.shim.runc.RuncException;
import dev.berth.shim.runc.StatsParser;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Pids, Stats and Update of a running container, through runc. */
final class Inspector {
    private Inspector() {}

    static PidsResponse pids(Container c) throws IOException {
        c.requireRunning();
        String out;
        try {
            out = c.services.runc().ps(c.id, c.store.runcLog());
        } catch (RuncException e) {
            throw failure(c, "runc ps", e);
        }
        Map<Integer, String> execPids = new HashMap<>();
        synchronized (c) {
            for (TaskProcess exec : c.execs.values()) {
                if (exec.pid > 0) {
                    execPids.put(exec.pid, exec.execId);
                }
            }
        }
        PidsResponse.Builder response = PidsResponse.newBuilder();
        for (Object value : Json.array(Json.parse(out.isBlank() ? "[]" : out))) {
            int pid = value instanceof Number n ? n.intValue() : 0;
            ProcessInfo.Builder info = ProcessInfo.newBuilder().setPid(pid);
            String execId = execPids.get(pid);
            if (execId != null) {
                info.setExecId(execId);
            }
            response.addProcesses(info);
        }
        return response.build();
    }

    static StatsResponse stats(Container c) throws IOException {
        c.requireRunning();
        int pid;
        synchronized (c) {
            pid = c.init.pid;
        }
        String out;
        try {
            out = c.services.runc().stats(c.id, c.store.runcLog());
        } catch (RuncException e) {
            throw failure(c, "runc events --stats", e);
        }
        StatsResponse.Builder stats = StatsParser.parse(out);
        stats.setRead(Timestamps.proto(Instant.now()));
        StatsParser.addSystemCpu(stats);
        StatsParser.addNetworks(stats, pid);
        return stats.build();
    }

    static void update(Container c, byte[] resources) throws IOException {
        c.requireRunning();
        try {
            if (!(Json.parse(resources) instanceof Map<?, ?>)) {
                throw Errors.invalid("resources must be a JSON object (an OCI linux.resources)");
            }
        } catch (IllegalArgumentException e) {
            throw Errors.invalid("resources are not valid JSON: " + e.getMessage());
        }
        Path file = c.store.dir().resolve("update-resources.json");
        StateStore.writeAtomically(file, resources);
        try {
            c.services.runc().update(c.id, c.store.runcLog(), file);
        } catch (RuncException e) {
            throw failure(c, "runc update", e);
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    private static RuntimeException failure(Container c, String what, RuncException e) {
        if (e.notRunning()) {
            return Errors.notRunning(c.id);
        }
        return io.grpc.Status.UNKNOWN.withDescription(what + ": " + e.getMessage()).asRuntimeException();
    }
}
