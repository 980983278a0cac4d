package dev.berth.cli.compose.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.ApiException;
import dev.berth.cli.compose.model.Project;
import dev.berth.cli.compose.model.ProjectResource;
import dev.berth.cli.compose.model.Service;
import dev.berth.cli.compose.model.ServiceVolume;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * compose up's core: the project's networks and volumes, then each service in depends_on order:
 * its dependencies' conditions awaited, its containers created, kept, or recreated when their
 * config hash differs, scaled to the wanted count, and started.
 */
public final class Converger {
    /** What up was asked: recreate everything, leave changed containers, the wanted count per service. */
    public record Options(boolean forceRecreate, boolean noRecreate, boolean noStart, Map<String, Integer> scale) {}

    private final Project project;
    private final ProjectApi api;
    private final ContainerSpec spec;
    private final DependencyWaiter waiter;
    private final PrintStream progress;

    public Converger(Project project, ProjectApi api, PrintStream progress) {
        this.project = project;
        this.api = api;
        this.spec = new ContainerSpec(project);
        this.waiter = new DependencyWaiter(api);
        this.progress = progress;
    }

    /** The networks and volumes the services use (the default network only when a service is on it). */
    public void ensureResources(List<Service> services) throws IOException, ApiException {
        Set<String> networks = new LinkedHashSet<>();
        Set<String> volumes = new LinkedHashSet<>();
        for (Service service : services) {
            if (service.networkMode().isEmpty()) {
                networks.addAll(service.networks().isEmpty() ? List.of("default") : service.networks().keySet());
            }
            service.volumes().stream()
                    .filter(v -> v.type() == ServiceVolume.Type.VOLUME && !v.source().isEmpty())
                    .forEach(v -> volumes.add(v.source()));
        }
        for (String key : networks) {
            ProjectResource network = project.networks().get(key);
            if (api.ensureNetwork(network)) {
                progress.println(" Network " + network.name() + "  Created");
            }
        }
        for (String key : volumes) {
            ProjectResource volume = project.volumes().get(key);
            if (api.ensureVolume(volume)) {
                progress.println(" Volume \"" + volume.name() + "\"  Created");
            }
        }
    }

    /** Converges and starts the services, given in start order. */
    public void up(List<Service> services, Options options) throws IOException, ApiException, InterruptedException {
        ensureResources(services);
        for (Service service : services) {
            List<String> containers = converge(service, options);
            if (options.noStart()) {
                continue;
            }
            waiter.awaitDependencies(project, service);
            for (String name : containers) {
                JsonNode state = api.inspect(name).path("State");
                if (state.path("Running").asBoolean()) {
                    progress.println(" Container " + name + "  Running");
                } else {
                    start(service, name);
                    progress.println(" Container " + name + "  Started");
                }
            }
        }
    }

    /** Starts a container; a taken host port is said with the file, line and key that asked for it. */
    private void start(Service service, String name) throws IOException, ApiException {
        try {
            api.start(name);
        } catch (ApiException e) {
            if (e.getMessage() != null && e.getMessage().contains("port is already allocated")) {
                throw new ApiException(e.status(), project.where("services." + service.name() + ".ports") + e.getMessage());
            }
            throw e;
        }
    }

    /** Makes the service's containers match its settings; returns their names in number order. */
    private List<String> converge(Service service, Options options) throws IOException, ApiException {
        String imageId = api.client().get("/images/" + service.imageFor(project.name()) + "/json",
                dev.berth.cli.api.Query.of()).path("Id").asText();
        String hash = ConfigHash.of(spec.template(service), imageId);
        int wanted = options.scale().getOrDefault(service.name(), service.scale());
        if (!service.containerName().isEmpty() && wanted > 1) {
            throw new ApiException(400, "services.scale: can't set container_name and " + service.name()
                    + " as container name must be unique: invalid compose project");
        }
        List<JsonNode> existing = api.containers(service.name(), false);
        List<String> names = new ArrayList<>();
        Set<Integer> numbers = new LinkedHashSet<>();
        for (JsonNode container : existing) {
            int number = container.path("Labels").path(ComposeLabels.NUMBER).asInt(1);
            String name = ProjectApi.name(container);
            if (number > wanted || !numbers.add(number)) {
                api.remove(container.path("Id").asText(), false);
                progress.println(" Container " + name + "  Removed");
                continue;
            }
            boolean changed = !hash.equals(container.path("Labels").path(ComposeLabels.CONFIG_HASH).asText());
            if (options.forceRecreate() || (changed && !options.noRecreate())) {
                api.stop(container.path("Id").asText(), service.stopGracePeriodSeconds() == null ? null
                        : service.stopGracePeriodSeconds().intValue());
                api.remove(container.path("Id").asText(), false);
                create(service, number, hash);
                progress.println(" Container " + name + "  Recreated");
            }
            names.add(name);
        }
        for (int number = 1; number <= wanted; number++) {
            if (!numbers.contains(number)) {
                names.add(create(service, number, hash));
                progress.println(" Container " + containerName(service, number) + "  Created");
            }
        }
        names.sort(java.util.Comparator.comparing(n -> n));
        return names;
    }

    private String create(Service service, int number, String hash) throws IOException, ApiException {
        String name = containerName(service, number);
        api.create(name, spec.body(service, number, false, null, hash));
        for (Map.Entry<String, List<String>> network : spec.secondaryNetworks(service).entrySet()) {
            api.connect(network.getKey(), name, network.getValue());
        }
        return name;
    }

    /** container_name, else {project}-{service}-{number} as Docker's compose v2 names them. */
    public String containerName(Service service, int number) {
        return service.containerName().isEmpty() ? project.name() + "-" + service.name() + "-" + number : service.containerName();
    }
}
