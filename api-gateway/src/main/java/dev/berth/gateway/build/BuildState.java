package dev.berth.gateway.build;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * moby's dispatchState: where one stage is. {@code imageId} is the current image (empty for
 * scratch before any step), {@code runConfig} the config the next commit writes.
 */
public final class BuildState {
    String stageName;
    String imageId = "";
    ObjectNode runConfig = RunConfigs.MAPPER.createObjectNode();
    BuildArgs buildArgs;
    String maintainer = "";
    /** Whether a CMD of this stage set the command (ENTRYPOINT then keeps it). */
    boolean cmdSet;

    BuildState(BuildArgs buildArgs) {
        this.buildArgs = buildArgs;
    }

    /** moby's beginStage: the base image's config (null for scratch), the default PATH, stdin closed. */
    void beginStage(String name, String baseImageId, ObjectNode baseConfig) {
        stageName = name;
        imageId = baseImageId == null ? "" : baseImageId;
        runConfig = baseConfig == null ? RunConfigs.MAPPER.createObjectNode() : baseConfig.deepCopy();
        List<String> env = RunConfigs.strings(runConfig, "Env");
        List<String> withPath = env == null ? new ArrayList<>() : new ArrayList<>(env);
        if (withPath.stream().noneMatch(e -> e.equals("PATH") || e.startsWith("PATH="))) {
            withPath.add("PATH=" + RunConfigs.DEFAULT_PATH);
        }
        RunConfigs.setStrings(runConfig, "Env", withPath);
        runConfig.put("OpenStdin", false);
        runConfig.put("StdinOnce", false);
    }

    /** moby's updateRunConfig: the config names the image it is the config of the next step from. */
    void updateRunConfig() {
        runConfig.put("Image", imageId);
    }

    /** The environment substitution sees: the config's Env and the allowed build args (ENV wins). */
    java.util.Map<String, String> substitutionEnv() {
        return dev.berth.dockerfile.Substitution.environment(RunConfigs.stringsOrEmpty(runConfig, "Env"), buildArgs.allAllowed());
    }

    List<String> env() {
        return RunConfigs.stringsOrEmpty(runConfig, "Env");
    }
}
