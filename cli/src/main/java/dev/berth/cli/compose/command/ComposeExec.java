package dev.berth.cli.compose.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.command.CommandFailure;
import dev.berth.cli.command.OptionsBeforeArguments;
import dev.berth.cli.compose.engine.ComposeLabels;
import dev.berth.cli.compose.engine.ProjectApi;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth compose exec SERVICE CMD...}: berth exec in the service's container (--index, default 1). */
@Command(name = "exec", description = "Execute a command in a running container")
final class ComposeExec extends ComposeSubcommand implements OptionsBeforeArguments {
    @Option(names = {"-d", "--detach"}, description = "Detached mode: Run command in the background")
    boolean detach;

    @Option(names = {"-T", "--no-TTY"}, description = "Disable pseudo-TTY allocation. By default `compose exec` allocates a TTY")
    boolean noTty;

    @Option(names = {"-e", "--env"}, paramLabel = "stringArray", description = "Set environment variables")
    List<String> env = new ArrayList<>();

    @Option(names = {"-u", "--user"}, paramLabel = "string", description = "Run the command as this user")
    String user;

    @Option(names = {"-w", "--workdir"}, paramLabel = "string", description = "Path to workdir directory for this command")
    String workdir;

    @Option(names = "--index", defaultValue = "1", paramLabel = "int", description = "index of the container if service has multiple replicas")
    int index;

    @Option(names = "--privileged", description = "Give extended privileges to the process")
    boolean privileged;

    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND")
    List<String> command = new ArrayList<>();

    @Override
    protected int execute() throws Exception {
        requireService(service);
        String container = null;
        for (JsonNode candidate : api().containers(service, false)) {
            if (candidate.path("Labels").path(ComposeLabels.NUMBER).asInt(1) == index
                    && candidate.path("State").asText().equals("running")) {
                container = ProjectApi.name(candidate);
            }
        }
        if (container == null) {
            throw new CommandFailure(1, "service \"" + service + "\" is not running");
        }
        List<String> args = new ArrayList<>(List.of("exec"));
        if (detach) {
            args.add("-d");
        } else {
            args.add("-i");
            // a TTY only where there is one to give, as compose decides
            if (!noTty && session().terminal().stdinIsTerminal()) {
                args.add("-t");
            }
        }
        env.forEach(e -> args.addAll(List.of("-e", e)));
        if (user != null) {
            args.addAll(List.of("-u", user));
        }
        if (workdir != null) {
            args.addAll(List.of("-w", workdir));
        }
        if (privileged) {
            args.add("--privileged");
        }
        args.add(container);
        args.addAll(command);
        return session().runCommand(args.toArray(String[]::new));
    }
}
