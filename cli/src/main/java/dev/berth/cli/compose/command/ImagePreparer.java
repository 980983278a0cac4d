package dev.berth.cli.compose.command;

import dev.berth.cli.compose.engine.ProjectApi;
import dev.berth.cli.compose.model.Project;
import dev.berth.cli.compose.model.Service;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The images the services need before their containers are made: built (berth build) when the
 * service has a build and its image is missing or --build says so, pulled (berth pull) when a
 * plain image is missing.
 */
final class ImagePreparer {
    private final ComposeSubcommand command;
    private final Project project;
    private final ProjectApi api;

    ImagePreparer(ComposeSubcommand command) {
        this.command = command;
        this.project = command.project();
        this.api = command.api();
    }

    /** @param build always build services with a build, @param noBuild never build */
    void prepare(List<Service> services, boolean build, boolean noBuild) throws Exception {
        for (Service service : services) {
            String image = service.imageFor(project.name());
            boolean present = api.imageExists(image);
            if (service.build() != null && !noBuild && (build || !present)) {
                build(service);
            } else if (!present) {
                command.delegate("pull", image);
            }
        }
    }

    void build(Service service) {
        command.delegate(buildArguments(service).toArray(String[]::new));
    }

    List<String> buildArguments(Service service) {
        Service.BuildSpec build = service.build();
        List<String> args = new ArrayList<>(List.of("build", "-t", service.imageFor(project.name())));
        args.addAll(List.of("-f", Path.of(build.context()).resolve(build.dockerfile()).toString()));
        for (Map.Entry<String, String> arg : build.args().entrySet()) {
            args.addAll(List.of("--build-arg", arg.getKey() + "=" + arg.getValue()));
        }
        if (!build.target().isEmpty()) {
            args.addAll(List.of("--target", build.target()));
        }
        args.add(build.context());
        return args;
    }
}
