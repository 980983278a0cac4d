package dev.berth.cli.compose.command;

import dev.berth.cli.command.CommandFailure;
import dev.berth.cli.command.EngineCommand;
import dev.berth.cli.compose.engine.DependencyOrder;
import dev.berth.cli.compose.engine.ProjectApi;
import dev.berth.cli.compose.load.ComposeFileException;
import dev.berth.cli.compose.load.ComposeLoader;
import dev.berth.cli.compose.model.Project;
import dev.berth.cli.compose.model.Service;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ParentCommand;

/** A compose subcommand: the project as -f, -p, --project-directory and --env-file describe it, and the engine. */
abstract class ComposeSubcommand extends EngineCommand {
    @ParentCommand
    ComposeCommand compose;

    private Project project;

    /** The loaded project; a bad file ends the command with its located error (status 1; 15 for a cycle in compose too). */
    Project project() {
        if (project == null) {
            try {
                project = new ComposeLoader(session()::env, Path.of("").toAbsolutePath())
                        .load(new ComposeLoader.Options(compose.files, compose.projectDirectory, compose.projectName, compose.envFile));
            } catch (ComposeFileException | IllegalArgumentException e) {
                throw new CommandFailure(1, e.getMessage());
            }
        }
        return project;
    }

    ProjectApi api() {
        return new ProjectApi(client(), project().name());
    }

    /** The named services in start order (all when none are named), with their dependencies unless noDeps. */
    List<Service> selected(List<String> names, boolean withDependencies) {
        Project p = project();
        if (names == null || names.isEmpty()) {
            return DependencyOrder.of(p.services().values());
        }
        names.forEach(this::requireService);
        return withDependencies ? DependencyOrder.withDependencies(p.services().values(), names)
                : DependencyOrder.of(p.services().values()).stream().filter(s -> names.contains(s.name())).toList();
    }

    void requireService(String name) {
        if (!project().services().containsKey(name)) {
            throw new CommandFailure(1, "no such service: " + name);
        }
    }

    /** Runs another berth command in this session; a non-zero status ends this one with it. */
    void delegate(String... args) {
        int status = session().runCommand(args);
        if (status != 0) {
            throw new CommandFailure(status, "");
        }
    }
}
