package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.ApiException;
import dev.berth.cli.api.EngineClient;
import dev.berth.cli.api.Query;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The prune endpoints as docker's CLI calls and reports them: each returns the section it
 * prints ("Deleted Containers:\n<id>\n...", empty when nothing went) and the space reclaimed.
 */
final class PruneRequests {

    /** What one prune printed and freed. */
    record Report(String output, long spaceReclaimed) {
        static final Report NONE = new Report("", 0);
    }

    private final EngineClient client;

    PruneRequests(EngineClient client) {
        this.client = client;
    }

    Report containers(Map<String, List<String>> filters) throws IOException, ApiException {
        JsonNode report = client.post("/containers/prune", query(filters), null);
        return listed("Deleted Containers:\n", report.path("ContainersDeleted"), report.path("SpaceReclaimed").asLong(0));
    }

    Report networks(Map<String, List<String>> filters) throws IOException, ApiException {
        JsonNode report = client.post("/networks/prune", query(filters), null);
        Report listed = listed("Deleted Networks:\n", report.path("NetworksDeleted"), 0);
        return new Report(listed.output(), 0);
    }

    Report volumes(Map<String, List<String>> filters) throws IOException, ApiException {
        JsonNode report = client.post("/volumes/prune", query(filters), null);
        return listed("Deleted Volumes:\n", report.path("VolumesDeleted"), report.path("SpaceReclaimed").asLong(0));
    }

    /** Images: the filters plus dangling=true (only untagged ones) or dangling=false (-a). */
    Report images(Map<String, List<String>> filters, boolean all) throws IOException, ApiException {
        Map<String, List<String>> withDangling = new java.util.LinkedHashMap<>(filters);
        withDangling.put("dangling", List.of(Boolean.toString(!all)));
        JsonNode report = client.post("/images/prune", query(withDangling), null);
        JsonNode deleted = report.path("ImagesDeleted");
        if (!deleted.isArray() || deleted.isEmpty()) {
            return Report.NONE;
        }
        StringBuilder out = new StringBuilder("Deleted Images:\n");
        for (JsonNode item : deleted) {
            String untagged = item.path("Untagged").asText("");
            out.append(untagged.isEmpty() ? "deleted: " + item.path("Deleted").asText("") : "untagged: " + untagged).append('\n');
        }
        return new Report(out.toString(), report.path("SpaceReclaimed").asLong(0));
    }

    Report buildCache(Map<String, List<String>> filters, boolean all) throws IOException, ApiException {
        JsonNode report = client.post("/build/prune", query(filters).flag("all", all), null);
        Report listed = listed("Deleted build cache objects:\n", report.path("CachesDeleted"), 0);
        return new Report(listed.output(), report.path("SpaceReclaimed").asLong(0));
    }

    private static Report listed(String heading, JsonNode ids, long space) {
        if (!ids.isArray() || ids.isEmpty()) {
            return Report.NONE;
        }
        StringBuilder out = new StringBuilder(heading);
        ids.forEach(id -> out.append(id.asText()).append('\n'));
        return new Report(out.toString(), space);
    }

    private static Query query(Map<String, List<String>> filters) {
        return Query.of().addIfPresent("filters", Filters.json(filters));
    }
}
