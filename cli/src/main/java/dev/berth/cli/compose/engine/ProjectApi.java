package dev.berth.cli.compose.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.ApiException;
import dev.berth.cli.api.EngineClient;
import dev.berth.cli.api.Json;
import dev.berth.cli.api.Query;
import dev.berth.cli.compose.model.ProjectResource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Engine API calls compose makes, found by compose's labels: containers, networks and volumes of a project. */
public final class ProjectApi {
    private final EngineClient client;
    private final String project;

    public ProjectApi(EngineClient client, String project) {
        this.client = client;
        this.project = project;
    }

    public EngineClient client() {
        return client;
    }

    /**
     * The project's containers (all states), oldest first.
     *
     * @param service null for every service
     * @param oneoff  null for both kinds, else only one-off (compose run) or only service containers
     */
    public List<JsonNode> containers(String service, Boolean oneoff) throws IOException, ApiException {
        List<String> labels = new ArrayList<>(List.of(ComposeLabels.PROJECT + "=" + project));
        if (service != null) {
            labels.add(ComposeLabels.SERVICE + "=" + service);
        }
        if (oneoff != null) {
            labels.add(ComposeLabels.ONEOFF + "=" + (oneoff ? "True" : "False"));
        }
        String filters = new String(Json.bytes(Map.of("label", labels)), java.nio.charset.StandardCharsets.UTF_8);
        JsonNode list = client.get("/containers/json", Query.of().add("all", "1").add("filters", filters));
        List<JsonNode> containers = new ArrayList<>();
        list.forEach(containers::add);
        containers.sort(java.util.Comparator.comparingLong((JsonNode c) -> c.path("Created").asLong())
                .thenComparing(c -> c.path("Labels").path(ComposeLabels.NUMBER).asInt()));
        return containers;
    }

    public JsonNode inspect(String container) throws IOException, ApiException {
        return client.get("/containers/" + container + "/json", Query.of());
    }

    public boolean imageExists(String image) throws IOException, ApiException {
        try {
            client.get("/images/" + image + "/json", Query.of());
            return true;
        } catch (ApiException e) {
            if (e.notFound()) {
                return false;
            }
            throw e;
        }
    }

    /** @return true when it had to be made */
    public boolean ensureNetwork(ProjectResource network) throws IOException, ApiException {
        try {
            client.get("/networks/" + network.name(), Query.of());
            return false;
        } catch (ApiException e) {
            if (!e.notFound()) {
                throw e;
            }
        }
        if (network.external()) {
            throw new ApiException(404, "network " + network.name() + " declared as external, but could not be found");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Name", network.name());
        body.put("CheckDuplicate", true);
        body.put("Driver", network.driver().isEmpty() ? "bridge" : network.driver());
        body.put("Internal", network.internal());
        body.put("Options", network.driverOpts());
        Map<String, String> labels = new LinkedHashMap<>(network.labels());
        labels.put(ComposeLabels.PROJECT, project);
        labels.put(ComposeLabels.NETWORK, network.key());
        labels.put(ComposeLabels.VERSION, ComposeLabels.COMPOSE_VERSION);
        body.put("Labels", labels);
        if (!network.subnet().isEmpty()) {
            body.put("IPAM", Map.of("Driver", "default", "Config", List.of(Map.of("Subnet", network.subnet()))));
        }
        client.post("/networks/create", Query.of(), body);
        return true;
    }

    /** @return true when it had to be made */
    public boolean ensureVolume(ProjectResource volume) throws IOException, ApiException {
        try {
            client.get("/volumes/" + volume.name(), Query.of());
            return false;
        } catch (ApiException e) {
            if (!e.notFound()) {
                throw e;
            }
        }
        if (volume.external()) {
            throw new ApiException(404, "external volume \"" + volume.name() + "\" not found");
        }
        Map<String, String> labels = new LinkedHashMap<>(volume.labels());
        labels.put(ComposeLabels.PROJECT, project);
        labels.put(ComposeLabels.VOLUME, volume.key());
        labels.put(ComposeLabels.VERSION, ComposeLabels.COMPOSE_VERSION);
        client.post("/volumes/create", Query.of(), Map.of("Name", volume.name(),
                "Driver", volume.driver().isEmpty() ? "local" : volume.driver(), "DriverOpts", volume.driverOpts(), "Labels", labels));
        return true;
    }

    public String create(String name, Map<String, Object> body) throws IOException, ApiException {
        return client.post("/containers/create", Query.of().add("name", name), body).path("Id").asText();
    }

    public void connect(String network, String container, List<String> aliases) throws IOException, ApiException {
        client.post("/networks/" + network + "/connect", Query.of(),
                Map.of("Container", container, "EndpointConfig", Map.of("Aliases", aliases)));
    }

    public void start(String container) throws IOException, ApiException {
        client.post("/containers/" + container + "/start", Query.of(), null);
    }

    public void stop(String container, Integer timeout) throws IOException, ApiException {
        client.post("/containers/" + container + "/stop", timeout == null ? Query.of() : Query.of().add("t", timeout.toString()), null);
    }

    /** One engine call on one container. */
    @FunctionalInterface
    public interface ContainerCall {
        void apply(String container) throws IOException, ApiException;
    }

    /** Stops the containers side by side, as compose does (each may take its whole timeout). */
    public void stopAll(List<String> containers, Integer timeout) throws IOException, ApiException {
        inParallel(containers, container -> stop(container, timeout));
    }

    /** Removes the containers side by side (force, with their anonymous volumes when asked). */
    public void removeAll(List<String> containers, boolean volumes) throws IOException, ApiException {
        inParallel(containers, container -> remove(container, volumes));
    }

    /** Applies the call to every container at once; the first failure is thrown once all have ended. */
    public static void inParallel(List<String> containers, ContainerCall call) throws IOException, ApiException {
        List<Exception> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        for (String container : containers) {
            workers.add(Thread.ofVirtual().start(() -> {
                try {
                    call.apply(container);
                } catch (IOException | ApiException e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the engine", e);
            }
        }
        if (!failures.isEmpty()) {
            switch (failures.getFirst()) {
                case ApiException api -> throw api;
                case IOException io -> throw io;
                default -> throw new IllegalStateException(failures.getFirst());
            }
        }
    }

    public void restart(String container, Integer timeout) throws IOException, ApiException {
        client.post("/containers/" + container + "/restart", timeout == null ? Query.of() : Query.of().add("t", timeout.toString()), null);
    }

    public void remove(String container, boolean volumes) throws IOException, ApiException {
        client.delete("/containers/" + container, Query.of().flag("force", true).flag("v", volumes));
    }

    /** Removes a network or volume; one that is already gone is not an error. @return whether it existed */
    public boolean removeIfPresent(String path) throws IOException, ApiException {
        try {
            client.delete(path, Query.of());
            return true;
        } catch (ApiException e) {
            if (e.notFound()) {
                return false;
            }
            throw e;
        }
    }

    /** The container's name without docker's leading "/". */
    public static String name(JsonNode container) {
        JsonNode names = container.path("Names");
        String name = names.isArray() && !names.isEmpty() ? names.get(0).asText() : container.path("Name").asText();
        return name.startsWith("/") ? name.substring(1) : name;
    }
}
