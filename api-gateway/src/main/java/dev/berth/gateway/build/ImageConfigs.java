package dev.berth.gateway.build;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.gateway.image.ImageDocuments;
import dev.berth.image.Digest;
import dev.berth.image.config.History;
import dev.berth.image.config.ImageConfig;
import dev.berth.image.config.RootFs;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A build step's image config, as moby's image.NewChildImage makes it, built as image-spec's typed
 * {@link ImageConfig}: the parent's architecture, variant and OS, the step's run config as "config",
 * the container config whose Cmd tells what the step did, the parent's layers and history plus this
 * step's entry ({@code empty_layer} when the step added no layer).
 */
public final class ImageConfigs {
    private ImageConfigs() {}

    /**
     * @param parent the parent's config, null for scratch
     * @param runConfig the step's run config (Docker's Config fields), as the builder keeps it
     * @param containerConfig what the step ran, as the builder keeps it
     * @param containerId the step's container, null for a config-only step
     * @param diffId the new layer, null for none
     */
    public static ImageConfig child(ImageConfig parent, ObjectNode runConfig, ObjectNode containerConfig, String containerId,
            Digest diffId, String author, Instant created) {
        var now = created.atOffset(ZoneOffset.UTC);
        List<History> history = new ArrayList<>(parent == null ? List.of() : parent.history());
        history.add(new History(now, author, HistoryFormat.createdBy(RunConfigs.stringsOrEmpty(containerConfig, "Cmd")),
                "", diffId == null, Map.of()));
        List<Digest> diffIds = new ArrayList<>(parent == null ? List.of() : parent.diffIds());
        if (diffId != null) {
            diffIds.add(diffId);
        }
        ImageConfig.Builder child = ImageConfig.builder()
                .architecture(parent == null || parent.architecture().isEmpty() ? "amd64" : parent.architecture())
                .os(parent == null || parent.os().isEmpty() ? "linux" : parent.os())
                .author(author)
                .config(ImageDocuments.containerConfig(RunConfigs.ordered(runConfig)))
                .container(containerId)
                .containerConfig(ImageDocuments.containerConfig(RunConfigs.ordered(containerConfig)))
                .created(now)
                .history(history)
                .rootfs(RootFs.of(diffIds));
        if (parent != null) {
            child.variant(parent.variant()).osVersion(parent.osVersion()).osFeatures(parent.osFeatures());
        }
        return child.build();
    }

    /** The config of the empty image a FROM scratch stage's containers are made from. */
    public static ImageConfig scratch() {
        return ImageConfig.builder().architecture("amd64").os("linux").build();
    }
}
