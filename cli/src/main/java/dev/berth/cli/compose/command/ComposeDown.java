package dev.berth.cli.compose.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Query;
import dev.berth.cli.compose.engine.ProjectApi;
import dev.berth.cli.compose.model.Project;
import dev.berth.cli.compose.model.ProjectResource;
import dev.berth.cli.compose.model.Service;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth compose down}: stop and remove the project's containers and networks; volumes and images when asked. */
@Command(name = "down", description = "Stop and remove containers, networks")
final class ComposeDown extends ComposeSubcommand {
    @Option(names = {"-v", "--volumes"}, description = "Remove named volumes declared in the \"volumes\" section of the Compose file and anonymous volumes attached to containers")
    boolean volumes;

    @Option(names = "--rmi", paramLabel = "string", description = "Remove images used by services. \"local\" remove only images that don't have a custom tag (\"local\"|\"all\")")
    String rmi;

    @Option(names = {"-t", "--timeout"}, paramLabel = "int", description = "Specify a shutdown timeout in seconds")
    Integer timeout;

    @Option(names = "--remove-orphans", description = "Remove containers for services not defined in the Compose file")
    boolean removeOrphans;

    @Override
    protected int execute() throws Exception {
        if (rmi != null && !rmi.equals("local") && !rmi.equals("all")) {
            throw new IllegalArgumentException("invalid value for --rmi: " + rmi);
        }
        Project project = project();
        ProjectApi api = api();
        // every container of the project, one-off ones and those of services no longer in the file included
        List<JsonNode> containers = api.containers(null, null);
        List<JsonNode> running = containers.stream().filter(c -> c.path("State").asText().equals("running")).toList();
        api.stopAll(running.stream().map(c -> c.path("Id").asText()).toList(), timeout);
        running.forEach(c -> io().err().println(" Container " + ProjectApi.name(c) + "  Stopped"));
        api.removeAll(containers.stream().map(c -> c.path("Id").asText()).toList(), volumes);
        containers.forEach(c -> io().err().println(" Container " + ProjectApi.name(c) + "  Removed"));
        for (ProjectResource network : project.networks().values()) {
            if (!network.external() && api.removeIfPresent("/networks/" + network.name())) {
                io().err().println(" Network " + network.name() + "  Removed");
            }
        }
        if (volumes) {
            for (ProjectResource volume : project.volumes().values()) {
                if (!volume.external() && api.removeIfPresent("/volumes/" + volume.name())) {
                    io().err().println(" Volume " + volume.name() + "  Removed");
                }
            }
        }
        if (rmi != null) {
            Set<String> images = new LinkedHashSet<>();
            for (Service service : project.services().values()) {
                boolean ownImage = service.image() == null || service.image().isEmpty();
                if (rmi.equals("all") || ownImage) {
                    images.add(service.imageFor(project.name()));
                }
            }
            for (String image : images) {
                try {
                    client().delete("/images/" + image, Query.of());
                    io().err().println(" Image " + image + "  Removed");
                } catch (dev.berth.cli.api.ApiException e) {
                    if (!e.notFound()) {
                        io().err().println(" Image " + image + "  " + e.display());
                    }
                }
            }
        }
        return 0;
    }
}
