package dev.berth.gateway.build;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.dockerfile.instruction.WorkdirInstruction;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * WORKDIR as moby's dispatchWorkdir: the path (relative ones joined to the current one) becomes
 * the config's WorkingDir, and the directory is made in a container of the image, committed with
 * the history {@code /bin/sh -c #(nop) WORKDIR /app} (no layer when it was there already).
 */
final class WorkdirStep {
    private final StepImages images;
    private final StepContainers containers;
    private final StepFiles files;

    WorkdirStep(StepImages images, StepContainers containers, StepFiles files) {
        this.images = images;
        this.containers = containers;
        this.files = files;
    }

    void workdir(WorkdirInstruction workdir, BuildState state) {
        String path = normalize(RunConfigs.text(state.runConfig, "WorkingDir"), workdir.path());
        state.runConfig.put("WorkingDir", path);
        ObjectNode containerConfig = state.runConfig.deepCopy();
        RunConfigs.setStrings(containerConfig, "Cmd",
                HistoryFormat.nopCommandString(RunConfigs.shell(state.runConfig), "WORKDIR " + path));
        if (images.probe(state, containerConfig)) {
            return;
        }
        String id = containers.create(containerConfig, images.containerImage(state));
        try {
            files.mkdirAll(id, path, 0, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        images.commit(state, id, id, containerConfig);
    }

    /** moby's normalizeWorkdir on Linux: a relative path joins the current one; an absolute one stays as written. */
    static String normalize(String current, String requested) {
        if (requested.isEmpty()) {
            throw new BuildFailure("cannot normalize nothing");
        }
        if (!requested.startsWith("/")) {
            return dev.berth.dockerfile.ignore.GoPath.clean("/" + current + "/" + requested);
        }
        return requested;
    }
}
