package dev.berth.cli.compose.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.compose.engine.Converger;
import dev.berth.cli.compose.engine.LogPrinter;
import dev.berth.cli.compose.engine.ProjectApi;
import dev.berth.cli.compose.model.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth compose up}: build or pull what is missing, converge the services' containers, start them. */
@Command(name = "up", description = "Create and start containers")
final class ComposeUp extends ComposeSubcommand {
    @Option(names = {"-d", "--detach"}, description = "Detached mode: Run containers in the background")
    boolean detach;





    @Option(names = "--no-deps", description = "Don't start linked services")
    boolean noDeps;

    @Option(names = "--no-start", description = "Don't start the services after creating them")
    boolean noStart;

    @Option(names = "--scale", paramLabel = "scale", description = "Scale SERVICE to NUM instances")
    List<String> scale = new ArrayList<>();

    @Option(names = "--no-color", description = "Produce monochrome output")
    boolean noColor;

    @Option(names = "--quiet-pull", description = "Pull without printing progress information")
    boolean quietPull;

    @Mixin
    CreateOptions create = new CreateOptions();

    @Parameters(paramLabel = "SERVICE")
    List<String> services = new ArrayList<>();

    @Override
    protected int execute() throws Exception {
        create.check();
        List<Service> selected = selected(services, !noDeps);
        new ImagePreparer(this).prepare(selected, create.build, create.noBuild);
        Converger converger = new Converger(project(), api(), io().err());
        converger.up(selected, new Converger.Options(create.forceRecreate, create.noRecreate, noStart, scales()));
        if (detach || noStart) {
            return 0;
        }
        return attach(selected);
    }

    private Map<String, Integer> scales() {
        Map<String, Integer> scales = new LinkedHashMap<>();
        for (String spec : scale) {
            int equals = spec.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("invalid scale: \"" + spec + "\": must be SERVICE=NUM");
            }
            requireService(spec.substring(0, equals));
            scales.put(spec.substring(0, equals), Integer.parseInt(spec.substring(equals + 1)));
        }
        return scales;
    }

    /** Without -d: the containers' logs until they all stop; Ctrl+C stops them, as compose does. */
    private int attach(List<Service> selected) throws Exception {
        ProjectApi api = api();
        List<String> names = new ArrayList<>();
        for (Service service : selected) {
            for (JsonNode container : api.containers(service.name(), false)) {
                names.add(ProjectApi.name(container));
            }
        }
        Thread stopper = new Thread(() -> {
            io().err().println("Gracefully stopping... (press Ctrl+C again to force)");
            for (String name : names) {
                try {
                    api.stop(name, null);
                    io().err().println(" Container " + name + "  Stopped");
                } catch (Exception e) {
                    io().err().println(" Container " + name + "  " + e.getMessage());
                }
            }
        });
        Runtime.getRuntime().addShutdownHook(stopper);
        boolean terminal = session().terminal().stdoutIsTerminal();
        new LogPrinter(client(), io().out()).print(names, new LogPrinter.Options(true, "all", false, terminal && !noColor, true));
        Runtime.getRuntime().removeShutdownHook(stopper);
        return 0;
    }
}
