package dev.berth.gateway.build;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.dockerfile.instruction.RunInstruction;
import java.util.ArrayList;
import java.util.List;

/**
 * RUN as moby's dispatchRun: the cache is asked with the command the history will show ("|1 A=b
 * /bin/sh -c ..." when build args are in use); on a miss a container runs the command with the
 * build args in its environment and no entrypoint or health check, its output in the build stream,
 * and its changes become the step's layer.
 */
final class RunStep {
    private final StepImages images;
    private final StepContainers containers;

    RunStep(StepImages images, StepContainers containers) {
        this.images = images;
        this.containers = containers;
    }

    void run(RunInstruction run, BuildState state) {
        ObjectNode stateConfig = state.runConfig;
        List<String> cmd = ConfigSteps.resolveCmdLine(run.command(), stateConfig);
        List<String> buildArgs = state.buildArgs.filterAllowed(state.env());
        List<String> saveCmd = buildArgs.isEmpty() ? cmd : state.buildArgs.prependEnvOnCmd(buildArgs, cmd);

        ObjectNode probe = stateConfig.deepCopy();
        RunConfigs.setStrings(probe, "Cmd", saveCmd);
        probe.remove("ArgsEscaped");
        if (!saveCmd.isEmpty()) {
            RunConfigs.setStrings(probe, "Entrypoint", null);
        }
        if (images.probe(state, probe)) {
            return;
        }

        ObjectNode runConfig = stateConfig.deepCopy();
        RunConfigs.setStrings(runConfig, "Cmd", cmd);
        runConfig.remove("ArgsEscaped");
        List<String> env = new ArrayList<>(state.env());
        env.addAll(buildArgs);
        RunConfigs.setStrings(runConfig, "Env", env);
        if (!saveCmd.isEmpty()) {
            RunConfigs.setStrings(runConfig, "Entrypoint", List.of(""));
        }
        runConfig.putObject("Healthcheck").putArray("Test").add("NONE");

        String id = containers.create(runConfig, images.containerImage(state));
        containers.run(id, cmd);
        images.commit(state, id, id, probe);
    }
}
