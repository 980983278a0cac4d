package dev.berth.cli.compose.command;

import dev.berth.cli.command.OptionsBeforeArguments;
import dev.berth.cli.command.PortSpecs;
import dev.berth.cli.compose.engine.ContainerSpec;
import dev.berth.cli.compose.engine.Converger;
import dev.berth.cli.compose.engine.DependencyOrder;
import dev.berth.cli.compose.engine.ProjectApi;
import dev.berth.cli.compose.model.Service;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth compose run SERVICE [CMD...]}: a one-off container of the service
 * ({project}-{service}-run-{12 hex}, oneoff=True), its dependencies up first, without the
 * service's published ports unless --service-ports; attached through berth start -a.
 */
@Command(name = "run", description = "Run a one-off command on a service")
final class ComposeRun extends ComposeSubcommand implements OptionsBeforeArguments {
    @Option(names = {"-d", "--detach"}, description = "Run container in background and print container ID")
    boolean detach;

    @Option(names = "--rm", description = "Automatically remove the container when it exits")
    boolean remove;

    @Option(names = {"-e", "--env"}, paramLabel = "stringArray", description = "Set environment variables")
    List<String> env = new ArrayList<>();

    @Option(names = "--name", paramLabel = "string", description = "Assign a name to the container")
    String name;

    @Option(names = "--entrypoint", paramLabel = "string", description = "Override the entrypoint of the image")
    String entrypoint;

    @Option(names = {"-u", "--user"}, paramLabel = "string", description = "Run as specified username or uid")
    String user;

    @Option(names = {"-w", "--workdir"}, paramLabel = "string", description = "Working directory inside the container")
    String workdir;

    @Option(names = {"-T", "--no-TTY"}, description = "Disable pseudo-TTY allocation (default: auto-detected)")
    boolean noTty;

    @Option(names = "--no-deps", description = "Don't start linked services")
    boolean noDeps;

    @Option(names = "--service-ports", description = "Run command with all service's ports enabled and mapped to the host")
    boolean servicePorts;

    @Option(names = {"-p", "--publish"}, paramLabel = "stringArray", description = "Publish a container's port(s) to the host")
    List<String> publish = new ArrayList<>();

    @Option(names = "--build", description = "Build image before starting container")
    boolean build;

    @Parameters(index = "0", paramLabel = "SERVICE")
    String serviceName;

    @Parameters(index = "1..*", paramLabel = "COMMAND")
    List<String> command = new ArrayList<>();

    @Override
    protected int execute() throws Exception {
        requireService(serviceName);
        Service service = project().service(serviceName);
        ProjectApi api = api();
        Converger converger = new Converger(project(), api, io().err());
        if (!noDeps) {
            List<Service> dependencies = DependencyOrder.withDependencies(project().services().values(),
                    service.dependsOn().keySet());
            new ImagePreparer(this).prepare(dependencies, false, false);
            converger.up(dependencies, new Converger.Options(false, false, false, Map.of()));
        }
        new ImagePreparer(this).prepare(List.of(service), build, false);
        converger.ensureResources(List.of(service));
        String container = name != null ? name
                : project().name() + "-" + serviceName + "-run-" + HexFormat.of().formatHex(java.security.SecureRandom.getSeed(6));
        api.create(container, body(service));
        for (Map.Entry<String, List<String>> network : new ContainerSpec(project()).secondaryNetworks(service).entrySet()) {
            api.connect(network.getKey(), container, network.getValue());
        }
        if (detach) {
            api.start(container);
            io().out().println(container);
            return 0;
        }
        int status = session().runCommand("start", "-a", "-i", container);
        if (remove) {
            api.remove(container, true);
        }
        return status;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> body(Service service) {
        Map<String, Object> body = new ContainerSpec(project()).body(service, 0, true, command.isEmpty() ? null : command, "");
        List<String> environment = new ArrayList<>((List<String>) body.get("Env"));
        environment.addAll(env);
        body.put("Env", environment);
        if (entrypoint != null) {
            body.put("Entrypoint", entrypoint.isEmpty() ? List.of("") : List.of(entrypoint));
        }
        if (user != null) {
            body.put("User", user);
        }
        if (workdir != null) {
            body.put("WorkingDir", workdir);
        }
        boolean tty = !noTty && !detach && session().terminal().stdinIsTerminal();
        body.put("Tty", tty);
        body.put("OpenStdin", !detach);
        body.put("AttachStdin", !detach);
        body.put("AttachStdout", !detach);
        body.put("AttachStderr", !detach);
        Map<String, Object> host = (Map<String, Object>) body.get("HostConfig");
        if (!servicePorts) {
            PortSpecs ports = PortSpecs.parse(publish, List.of());
            host.put("PortBindings", ports.bindings());
        }
        return body;
    }
}
