package dev.berth.cli.compose.command;

import dev.berth.cli.compose.engine.Converger;
import dev.berth.cli.compose.model.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code berth compose create}: up without starting anything. */
@Command(name = "create", description = "Creates containers for a service")
final class ComposeCreate extends ComposeSubcommand {




    @Mixin
    CreateOptions create = new CreateOptions();

    @Parameters(paramLabel = "SERVICE")
    List<String> services = new ArrayList<>();

    @Override
    protected int execute() throws Exception {
        List<Service> selected = selected(services, true);
        new ImagePreparer(this).prepare(selected, create.build, create.noBuild);
        new Converger(project(), api(), io().err()).up(selected, new Converger.Options(create.forceRecreate, create.noRecreate, true, Map.of()));
        return 0;
    }
}
