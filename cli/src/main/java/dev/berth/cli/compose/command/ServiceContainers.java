package dev.berth.cli.compose.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.ApiException;
import dev.berth.cli.compose.engine.ComposeLabels;
import dev.berth.cli.compose.engine.ProjectApi;
import dev.berth.cli.compose.model.Service;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The existing (not one-off) containers of services, in the services' order. */
final class ServiceContainers {
    private ServiceContainers() {
    }

    static List<JsonNode> of(ProjectApi api, List<Service> services) throws IOException, ApiException {
        List<JsonNode> all = api.containers(null, false);
        List<JsonNode> ordered = new ArrayList<>();
        for (Service service : services) {
            for (JsonNode container : all) {
                if (service.name().equals(container.path("Labels").path(ComposeLabels.SERVICE).asText())) {
                    ordered.add(container);
                }
            }
        }
        return ordered;
    }
}
