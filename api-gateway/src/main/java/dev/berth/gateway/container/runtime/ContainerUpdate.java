package dev.berth.gateway.container.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.HostConfig;
import io.grpc.StatusRuntimeException;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * POST /containers/{id}/update: the restart policy, kept in the record, and the resource limits
 * a running container's cgroup takes at once (runc update, through the shim). A field Berth
 * cannot change is refused rather than accepted and ignored.
 */
final class ContainerUpdate {
    private static final Set<String> SUPPORTED = Set.of("RestartPolicy", "Memory", "MemorySwap", "NanoCpus",
            "CpuShares", "CpuQuota", "CpuPeriod", "PidsLimit");

    private ContainerUpdate() {}

    static List<String> apply(ManagedContainer container, JsonNode body, ContainerRegistry registry, ContainerTasks tasks) {
        if (body == null || !body.isObject()) {
            throw DockerApiException.badRequest("invalid JSON: the body must be an object");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            JsonNode value = body.get(name);
            boolean empty = value == null || value.isNull() || (value.isNumber() && value.asLong() == 0)
                    || (value.isTextual() && value.asText().isEmpty()) || (value.isArray() && value.isEmpty())
                    || (value.isObject() && value.isEmpty()) || (value.isBoolean() && !value.asBoolean());
            if (!SUPPORTED.contains(name) && !empty) {
                throw DockerApiException.badRequest("updating " + name + " is not supported by this engine");
            }
        }
        ObjectNode resources = RecordStore.mapper().createObjectNode();
        long memory = body.path("Memory").asLong(0);
        long swap = body.path("MemorySwap").asLong(0);
        if (memory < 0 || (memory > 0 && memory < 6 * 1024 * 1024)) {
            throw DockerApiException.badRequest("Minimum memory limit allowed is 6MB");
        }
        if (memory > 0) {
            ObjectNode mem = resources.putObject("memory").put("limit", memory);
            if (swap != 0) {
                mem.put("swap", swap);
            }
        }
        long nanoCpus = body.path("NanoCpus").asLong(0);
        long quota = body.path("CpuQuota").asLong(0);
        long period = body.path("CpuPeriod").asLong(0);
        long shares = body.path("CpuShares").asLong(0);
        if (nanoCpus > 0 && (quota > 0 || period > 0)) {
            throw DockerApiException.badRequest("Conflicting options: Nano CPUs and CPU Period cannot both be set");
        }
        if (nanoCpus > 0 || quota > 0 || period > 0 || shares > 0) {
            ObjectNode cpu = resources.putObject("cpu");
            if (nanoCpus > 0) {
                cpu.put("period", 100_000).put("quota", nanoCpus * 100_000 / 1_000_000_000L);
            } else {
                if (quota > 0) {
                    cpu.put("quota", quota);
                }
                if (period > 0) {
                    cpu.put("period", period);
                }
            }
            if (shares > 0) {
                cpu.put("shares", shares);
            }
        }
        long pids = body.path("PidsLimit").asLong(0);
        if (pids != 0) {
            resources.putObject("pids").put("limit", pids);
        }
        HostConfig.RestartPolicy policy = null;
        if (body.hasNonNull("RestartPolicy") && body.get("RestartPolicy").hasNonNull("Name")) {
            JsonNode p = body.get("RestartPolicy");
            policy = new HostConfig.RestartPolicy(p.path("Name").asText(), p.path("MaximumRetryCount").asInt(0));
            if (container.record().hostConfig().autoRemove() && !List.of("", "no").contains(policy.name())) {
                throw DockerApiException.badRequest("Restart policy cannot be updated because AutoRemove is enabled for the container");
            }
        }
        container.lock.lock();
        try {
            ContainerRecord record = container.record();
            if (!resources.isEmpty()) {
                if (!record.running()) {
                    throw DockerApiException.conflict("Container " + container.id
                            + " is not running: resource limits can be updated on running containers only");
                }
                try {
                    tasks.client(container).update(RecordStore.mapper().writeValueAsBytes(resources));
                } catch (StatusRuntimeException e) {
                    throw GrpcErrors.toDocker("Cannot update container " + container.id, e);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw DockerApiException.serverError(e.getMessage(), e);
                }
            }
            if (policy != null) {
                registry.persist(container, record.withHostConfig(record.hostConfig().withRestartPolicy(policy)));
            }
        } finally {
            container.lock.unlock();
        }
        return List.of();
    }
}
