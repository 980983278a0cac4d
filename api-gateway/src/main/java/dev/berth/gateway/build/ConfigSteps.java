package dev.berth.gateway.build;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.dockerfile.instruction.ArgDefinition;
import dev.berth.dockerfile.instruction.ArgInstruction;
import dev.berth.dockerfile.instruction.CmdInstruction;
import dev.berth.dockerfile.instruction.CommandLine;
import dev.berth.dockerfile.instruction.EntrypointInstruction;
import dev.berth.dockerfile.instruction.EnvInstruction;
import dev.berth.dockerfile.instruction.ExposeInstruction;
import dev.berth.dockerfile.instruction.ExposedPorts;
import dev.berth.dockerfile.instruction.HealthConfig;
import dev.berth.dockerfile.instruction.HealthcheckInstruction;
import dev.berth.dockerfile.instruction.InstructionException;
import dev.berth.dockerfile.instruction.KeyValue;
import dev.berth.dockerfile.instruction.LabelInstruction;
import dev.berth.dockerfile.instruction.MaintainerInstruction;
import dev.berth.dockerfile.instruction.OnbuildInstruction;
import dev.berth.dockerfile.instruction.ShellInstruction;
import dev.berth.dockerfile.instruction.StopSignalInstruction;
import dev.berth.dockerfile.instruction.UserInstruction;
import dev.berth.dockerfile.instruction.VolumeInstruction;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.runtime.Signals;
import java.util.ArrayList;
import java.util.List;

/**
 * The instructions that change only the image's config (moby's dispatchers for ENV, LABEL,
 * MAINTAINER, CMD, ENTRYPOINT, HEALTHCHECK, EXPOSE, USER, VOLUME, STOPSIGNAL, ARG, SHELL, ONBUILD):
 * each updates the state's run config and commits an image with no new layer whose history reads
 * {@code /bin/sh -c #(nop)  <comment>}, or takes it from the cache.
 */
final class ConfigSteps {
    private final StepImages images;
    private final BuildProgress progress;

    ConfigSteps(StepImages images, BuildProgress progress) {
        this.images = images;
        this.progress = progress;
    }

    void env(EnvInstruction env, BuildState state) {
        List<String> variables = new ArrayList<>(state.env());
        StringBuilder comment = new StringBuilder("ENV");
        for (KeyValue kv : env.variables()) {
            String variable = kv.key() + "=" + kv.value();
            comment.append(' ').append(variable);
            boolean replaced = false;
            for (int i = 0; i < variables.size(); i++) {
                String existing = variables.get(i);
                String key = existing.contains("=") ? existing.substring(0, existing.indexOf('=')) : existing;
                if (key.equals(kv.key())) {
                    variables.set(i, variable);
                    replaced = true;
                    break;
                }
            }
            if (!replaced) {
                variables.add(variable);
            }
        }
        RunConfigs.setStrings(state.runConfig, "Env", variables);
        commit(state, comment.toString());
    }

    void maintainer(MaintainerInstruction maintainer, BuildState state) {
        state.maintainer = maintainer.maintainer();
        commit(state, "MAINTAINER " + maintainer.maintainer());
    }

    void label(LabelInstruction label, BuildState state) {
        ObjectNode labels = RunConfigs.object(state.runConfig, "Labels");
        StringBuilder comment = new StringBuilder("LABEL");
        for (KeyValue kv : label.labels()) {
            labels.put(kv.key(), kv.value());
            comment.append(' ').append(kv.key()).append('=').append(kv.value());
        }
        commit(state, comment.toString());
    }

    void cmd(CmdInstruction cmd, BuildState state) {
        List<String> command = resolveCmdLine(cmd.command(), state.runConfig);
        RunConfigs.setStrings(state.runConfig, "Cmd", command);
        state.runConfig.remove("ArgsEscaped");
        commit(state, "CMD " + HistoryFormat.quotedList(command));
        if (!cmd.command().args().isEmpty()) {
            state.cmdSet = true;
        }
    }

    void entrypoint(EntrypointInstruction entrypoint, BuildState state) {
        List<String> command = resolveCmdLine(entrypoint.command(), state.runConfig);
        RunConfigs.setStrings(state.runConfig, "Entrypoint", command);
        state.runConfig.remove("ArgsEscaped");
        if (!state.cmdSet) {
            RunConfigs.setStrings(state.runConfig, "Cmd", null);
        }
        commit(state, "ENTRYPOINT " + HistoryFormat.quotedList(command));
    }

    void healthcheck(HealthcheckInstruction healthcheck, BuildState state) {
        List<String> old = RunConfigs.strings(state.runConfig.path("Healthcheck"), "Test");
        if (old != null && !old.isEmpty() && !old.getFirst().equals("NONE")) {
            progress.stream("Note: overriding previous HEALTHCHECK: " + HistoryFormat.plainList(old) + "\n");
        }
        HealthConfig health = healthcheck.health();
        ObjectNode json = state.runConfig.putObject("Healthcheck");
        ArrayNode test = json.putArray("Test");
        health.test().forEach(test::add);
        if (!health.interval().isZero()) {
            json.put("Interval", health.interval().toNanos());
        }
        if (!health.timeout().isZero()) {
            json.put("Timeout", health.timeout().toNanos());
        }
        if (!health.startPeriod().isZero()) {
            json.put("StartPeriod", health.startPeriod().toNanos());
        }
        if (health.retries() != 0) {
            json.put("Retries", health.retries());
        }
        commit(state, HistoryFormat.healthcheck(health));
    }

    void expose(ExposeInstruction expose, BuildState state) {
        java.util.Set<String> ports;
        try {
            ports = ExposedPorts.parse(expose.ports());
        } catch (InstructionException e) {
            throw new BuildFailure(e.getMessage());
        }
        ObjectNode exposed = RunConfigs.object(state.runConfig, "ExposedPorts");
        ports.forEach(p -> exposed.putObject(p));
        commit(state, "EXPOSE " + String.join(" ", expose.ports()));
    }

    void user(UserInstruction user, BuildState state) {
        state.runConfig.put("User", user.user());
        commit(state, "USER " + user.user());
    }

    void volume(VolumeInstruction volume, BuildState state) {
        ObjectNode volumes = RunConfigs.object(state.runConfig, "Volumes");
        for (String path : volume.paths()) {
            if (path.isEmpty()) {
                throw new BuildFailure("VOLUME specified can not be an empty string");
            }
            volumes.putObject(path);
        }
        commit(state, "VOLUME " + HistoryFormat.plainList(volume.paths()));
    }

    void stopSignal(StopSignalInstruction stopSignal, BuildState state) {
        try {
            Signals.parse(stopSignal.signal(), 0);
        } catch (DockerApiException e) {
            throw new BuildFailure(e.getMessage());
        }
        state.runConfig.put("StopSignal", stopSignal.signal());
        commit(state, "STOPSIGNAL " + stopSignal.signal());
    }

    void arg(ArgInstruction arg, BuildState state) {
        StringBuilder comment = new StringBuilder("ARG ");
        for (int i = 0; i < arg.args().size(); i++) {
            ArgDefinition definition = arg.args().get(i);
            if (i > 0) {
                comment.append(' ');
            }
            comment.append(definition.toString());
            state.buildArgs.addArg(definition.name(), definition.defaultValue().orElse(null));
        }
        commit(state, comment.toString());
    }

    void shell(ShellInstruction shell, BuildState state) {
        RunConfigs.setStrings(state.runConfig, "Shell", shell.shell());
        commit(state, "SHELL " + HistoryFormat.plainList(shell.shell()));
    }

    void onbuild(OnbuildInstruction onbuild, BuildState state) {
        List<String> triggers = new ArrayList<>(RunConfigs.stringsOrEmpty(state.runConfig, "OnBuild"));
        triggers.add(onbuild.expression());
        RunConfigs.setStrings(state.runConfig, "OnBuild", triggers);
        commit(state, "ONBUILD " + onbuild.expression());
    }

    /** moby's builder.commit: the nop container config, the cache, else an image with no new layer. */
    void commit(BuildState state, String comment) {
        ObjectNode containerConfig = state.runConfig.deepCopy();
        RunConfigs.setStrings(containerConfig, "Cmd", HistoryFormat.nopCommand(RunConfigs.shell(state.runConfig), comment));
        if (images.probe(state, containerConfig)) {
            return;
        }
        images.commit(state, null, null, containerConfig);
    }

    /** moby's resolveCmdLine: the exec form as is, the shell form after the SHELL; nothing gives []. */
    static List<String> resolveCmdLine(CommandLine command, ObjectNode runConfig) {
        if (command.args().isEmpty()) {
            return List.of();
        }
        if (command.shellForm()) {
            List<String> out = new ArrayList<>(RunConfigs.shell(runConfig));
            out.addAll(command.args());
            return out;
        }
        return command.args();
    }
}
