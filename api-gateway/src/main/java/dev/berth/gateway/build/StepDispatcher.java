package dev.berth.gateway.build;

import dev.berth.dockerfile.Dockerfile;
import dev.berth.dockerfile.Stage;
import dev.berth.dockerfile.Substitution;
import dev.berth.dockerfile.instruction.AddInstruction;
import dev.berth.dockerfile.instruction.ArgDefinition;
import dev.berth.dockerfile.instruction.ArgInstruction;
import dev.berth.dockerfile.instruction.CmdInstruction;
import dev.berth.dockerfile.instruction.CopyInstruction;
import dev.berth.dockerfile.instruction.EntrypointInstruction;
import dev.berth.dockerfile.instruction.EnvInstruction;
import dev.berth.dockerfile.instruction.ExposeInstruction;
import dev.berth.dockerfile.instruction.FromInstruction;
import dev.berth.dockerfile.instruction.HealthcheckInstruction;
import dev.berth.dockerfile.instruction.Instruction;
import dev.berth.dockerfile.instruction.InstructionException;
import dev.berth.dockerfile.instruction.KeyValue;
import dev.berth.dockerfile.instruction.LabelInstruction;
import dev.berth.dockerfile.instruction.MaintainerInstruction;
import dev.berth.dockerfile.instruction.OnbuildInstruction;
import dev.berth.dockerfile.instruction.OnbuildTriggers;
import dev.berth.dockerfile.instruction.Origin;
import dev.berth.dockerfile.instruction.RunInstruction;
import dev.berth.dockerfile.instruction.ShellInstruction;
import dev.berth.dockerfile.instruction.StopSignalInstruction;
import dev.berth.dockerfile.instruction.UserInstruction;
import dev.berth.dockerfile.instruction.VolumeInstruction;
import dev.berth.dockerfile.instruction.WorkdirInstruction;
import dev.berth.dockerfile.shell.SubstitutionException;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.image.Image;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * moby's dispatchDockerfileWithCancellation: "Step n/m : ..." for each meta ARG, FROM and
 * instruction, the instruction's variables substituted, its step run, " ---> &lt;image&gt;" after
 * it; a stage's ONBUILD triggers of its base; the stage's image as {"aux"}; the unused build-args
 * warning at the end. Returns the last stage's image id.
 */
final class StepDispatcher {
    private final BuildSession session;
    private final Dockerfile dockerfile;
    private final Substitution substitution;
    private final BuildProgress progress;
    private final ConfigSteps configSteps;
    private final RunStep runStep;
    private final WorkdirStep workdirStep;
    private final CopyStep copyStep;

    StepDispatcher(BuildSession session, Dockerfile dockerfile) {
        this.session = session;
        this.dockerfile = dockerfile;
        this.substitution = Substitution.of(dockerfile);
        this.progress = session.progress();
        this.configSteps = new ConfigSteps(session.images(), progress);
        this.runStep = new RunStep(session.images(), session.containers());
        this.workdirStep = new WorkdirStep(session.images(), session.containers(), session.files());
        this.copyStep = new CopyStep(session);
    }

    /** Runs the stages up to {@code target}; {@code labels} (--label) become a last LABEL of the Dockerfile's last stage. */
    String build(List<Stage> stages, BuildArgs args, Map<String, String> labels) {
        List<List<Instruction>> bodies = new ArrayList<>();
        for (Stage stage : stages) {
            bodies.add(new ArrayList<>(stage.instructions()));
        }
        boolean lastStageBuilt = stages.getLast().index() == dockerfile.stages().size() - 1;
        if (!labels.isEmpty() && lastStageBuilt) {
            bodies.getLast().add(labelOption(labels));
        }
        int total = dockerfile.metaArgs().size();
        for (List<Instruction> body : bodies) {
            total += 1 + body.size();
        }
        int step = 1;
        for (ArgInstruction meta : dockerfile.metaArgs()) {
            printStep(step++, total, meta.text());
            ArgInstruction expanded = expand(meta, args.allAllowed());
            for (ArgDefinition definition : expanded.args()) {
                args.addArg(definition.name(), definition.defaultValue().orElse(null));
                args.addMetaArg(definition.name(), definition.defaultValue().orElse(null));
            }
        }
        BuildState state = null;
        for (int i = 0; i < stages.size(); i++) {
            Stage stage = stages.get(i);
            state = new BuildState(args.forStage());
            printStep(step++, total, stage.from().text());
            from(stage, state);
            state.updateRunConfig();
            progress.stream(" ---> " + shortId(state.imageId) + "\n");
            for (Instruction instruction : bodies.get(i)) {
                printStep(step++, total, instruction.text());
                dispatch(instruction, state, stage.index(), instruction.origin().name().equals("label") && instruction.origin().startLine() == 0);
                state.updateRunConfig();
                progress.stream(" ---> " + shortId(state.imageId) + "\n");
            }
            if (!state.imageId.isEmpty()) {
                progress.aux(state.imageId);
            }
            session.stageBuilt(stage.index(), state.imageId);
        }
        String warning = args.unusedWarning();
        if (warning != null) {
            progress.stream(warning);
        }
        if (state == null || state.imageId.isEmpty()) {
            throw new BuildFailure("No image was generated. Is your Dockerfile empty?");
        }
        return state.imageId;
    }

    private void printStep(int step, int total, String text) {
        progress.stream("Step " + step + "/" + total + " : " + text);
        progress.stream("\n");
    }

    /** moby's initializeStage: the base (an earlier stage, scratch or an image), then its ONBUILD triggers. */
    private void from(Stage stage, BuildState state) {
        FromInstruction from;
        try {
            from = substitution.expandFrom(stage.from(), state.buildArgs.allMeta()).instruction();
        } catch (SubstitutionException e) {
            throw new BuildFailure(e.getMessage());
        }
        if (from.platform().isPresent()) {
            String platform = from.platform().get();
            if (!platform.equals("linux") && !platform.equals("linux/amd64") && !platform.equals("linux/amd64/v1")) {
                throw new BuildFailure("failed to parse platform " + platform + ": Berth builds linux/amd64 images only");
            }
        }
        String name = from.image();
        if (name.isEmpty()) {
            throw new BuildFailure("base name (" + stage.from().image() + ") should not be blank");
        }
        var earlier = dockerfile.earlierStageNamed(name, stage.index());
        String baseId;
        com.fasterxml.jackson.databind.node.ObjectNode baseConfig;
        if (earlier.isPresent()) {
            baseId = session.stageImage(earlier.get().index());
            baseConfig = baseId == null || baseId.isEmpty() ? null : session.imageService().inspect(baseId).config();
        } else if (name.equals("scratch")) {
            baseId = "";
            baseConfig = null;
        } else {
            Image image = baseImage(name);
            baseId = image.id();
            baseConfig = image.config();
        }
        state.beginStage(stage.name().orElse(""), baseId, baseConfig);
        List<String> triggers = RunConfigs.strings(state.runConfig, "OnBuild");
        if (triggers != null && !triggers.isEmpty()) {
            RunConfigs.setStrings(state.runConfig, "OnBuild", null);
            progress.stream("# Executing " + triggers.size() + " build trigger" + (triggers.size() > 1 ? "s" : "") + "\n");
            for (String trigger : triggers) {
                state.updateRunConfig();
                Instruction instruction;
                try {
                    instruction = OnbuildTriggers.parse(trigger);
                } catch (InstructionException e) {
                    throw new BuildFailure(e.getMessage());
                }
                dispatch(instruction, state, stage.index(), false);
            }
        }
    }

    /** A FROM image: pulled when missing (or always with --pull) where Berth can pull, as Docker's builder does. */
    private Image baseImage(String name) {
        BasePuller puller = session.puller();
        if (puller != null && session.pullAlways()) {
            pull(puller, name);
            return session.imageService().inspect(name);
        }
        try {
            return session.imageService().inspect(name);
        } catch (DockerApiException e) {
            if (e.status() != 404) {
                throw e;
            }
            if (puller == null) {
                throw new BuildFailure("pull access denied for " + name + ": the image is not here and this Berth cannot"
                        + " pull: import or load it first");
            }
        }
        pull(puller, name);
        return session.imageService().inspect(name);
    }

    private void pull(BasePuller puller, String name) {
        try {
            puller.pull(name, progress::raw);
        } catch (DockerApiException e) {
            throw new BuildFailure(e.getMessage());
        } catch (java.io.IOException e) {
            throw new BuildFailure("pulling " + name + ": " + e.getMessage());
        }
    }

    /** moby's dispatch: substitution, the step, and the step's containers removed as --rm/--force-rm say. */
    private void dispatch(Instruction instruction, BuildState state, int stageIndex, boolean verbatim) {
        boolean succeeded = false;
        try {
            Instruction expanded = verbatim ? instruction : expand(instruction, state.substitutionEnv());
            switch (expanded) {
                case EnvInstruction env -> configSteps.env(env, state);
                case MaintainerInstruction maintainer -> configSteps.maintainer(maintainer, state);
                case LabelInstruction label -> configSteps.label(label, state);
                case AddInstruction add -> copyStep.add(add, state);
                case CopyInstruction copy -> copyStep.copy(copy, state, stageIndex);
                case OnbuildInstruction onbuild -> configSteps.onbuild(onbuild, state);
                case WorkdirInstruction workdir -> workdirStep.workdir(workdir, state);
                case RunInstruction run -> runStep.run(run, state);
                case CmdInstruction cmd -> configSteps.cmd(cmd, state);
                case HealthcheckInstruction healthcheck -> configSteps.healthcheck(healthcheck, state);
                case EntrypointInstruction entrypoint -> configSteps.entrypoint(entrypoint, state);
                case ExposeInstruction expose -> configSteps.expose(expose, state);
                case UserInstruction user -> configSteps.user(user, state);
                case VolumeInstruction volume -> configSteps.volume(volume, state);
                case StopSignalInstruction stopSignal -> configSteps.stopSignal(stopSignal, state);
                case ArgInstruction arg -> configSteps.arg(arg, state);
                case ShellInstruction shell -> configSteps.shell(shell, state);
                case FromInstruction from -> throw new BuildFailure("*instructions.Stage is not a command type");
            }
            succeeded = true;
        } finally {
            session.containers().stepEnded(succeeded);
        }
    }

    private <T extends Instruction> T expand(T instruction, Map<String, String> env) {
        try {
            return substitution.expand(instruction, env).instruction();
        } catch (SubstitutionException e) {
            throw new BuildFailure(e.getMessage());
        }
    }

    /** moby's NodeFromLabels: the --label values sorted, printed as {@code LABEL "k"='v'}, never substituted. */
    static LabelInstruction labelOption(Map<String, String> labels) {
        List<KeyValue> pairs = new ArrayList<>();
        List<String> text = new ArrayList<>();
        new java.util.TreeMap<>(labels).forEach((k, v) -> {
            pairs.add(new KeyValue(k, v));
            text.add(dev.berth.dockerfile.syntax.GoText.quote(k) + "='" + v + "'");
        });
        return new LabelInstruction(new Origin("label", "LABEL " + String.join(" ", text), 0, 0), pairs);
    }

    static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }
}
