package dev.berth.cli.compose.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.ApiException;
import dev.berth.cli.compose.model.Project;
import dev.berth.cli.compose.model.Service;
import java.io.IOException;
import java.util.Map;

/** Waits until a service's dependencies meet their depends_on conditions, as compose does before starting it. */
final class DependencyWaiter {
    private static final long POLL_MILLIS = 250;

    private final ProjectApi api;

    DependencyWaiter(ProjectApi api) {
        this.api = api;
    }

    void awaitDependencies(Project project, Service service) throws IOException, ApiException, InterruptedException {
        for (Map.Entry<String, String> dependency : service.dependsOn().entrySet()) {
            for (JsonNode container : api.containers(dependency.getKey(), false)) {
                String name = ProjectApi.name(container);
                switch (dependency.getValue()) {
                    case "service_healthy" -> awaitHealthy(name);
                    case "service_completed_successfully" -> awaitCompleted(dependency.getKey(), name);
                    default -> {
                        // service_started: it was started before this service, in dependency order
                    }
                }
            }
        }
    }

    private void awaitHealthy(String container) throws IOException, ApiException, InterruptedException {
        while (true) {
            JsonNode state = api.inspect(container).path("State");
            JsonNode health = state.path("Health");
            if (health.isMissingNode() || health.isNull()) {
                throw new ApiException(500, "container " + container + " has no healthcheck configured");
            }
            switch (health.path("Status").asText()) {
                case "healthy" -> {
                    return;
                }
                case "unhealthy" -> throw new ApiException(500, "dependency failed to start: container " + container + " is unhealthy");
                default -> {
                    if (!state.path("Running").asBoolean()) {
                        throw new ApiException(500, "dependency failed to start: container " + container + " exited ("
                                + state.path("ExitCode").asInt() + ")");
                    }
                }
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private void awaitCompleted(String service, String container) throws IOException, ApiException, InterruptedException {
        while (true) {
            JsonNode state = api.inspect(container).path("State");
            if (!state.path("Running").asBoolean() && !"created".equals(state.path("Status").asText())) {
                int code = state.path("ExitCode").asInt();
                if (code != 0) {
                    throw new ApiException(500, "service \"" + service + "\" didn't complete successfully: exit " + code);
                }
                return;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
