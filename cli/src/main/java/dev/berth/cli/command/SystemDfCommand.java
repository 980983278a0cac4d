package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Query;
import dev.berth.cli.format.Humanize;
import dev.berth.cli.format.TableWriter;
import picocli.CommandLine.Command;

/**
 * {@code berth system df}: docker's summary table of what images, containers, volumes and the
 * build cache hold, from GET /system/df, with docker's figures: an image is active while a
 * container uses it, and what is not in use is reclaimable.
 */
@Command(name = "df", description = "Show docker disk usage", customSynopsis = "[OPTIONS]")
public final class SystemDfCommand extends EngineCommand {

    @Override
    protected int execute() throws Exception {
        JsonNode df = client().get("/system/df", Query.of());
        StringBuilder table = new StringBuilder("TYPE\tTOTAL\tACTIVE\tSIZE\tRECLAIMABLE\n");

        long layers = df.path("LayersSize").asLong();
        long imagesInUse = 0;
        long usedByContainers = 0;
        for (JsonNode image : df.path("Images")) {
            if (image.path("Containers").asLong() > 0) {
                imagesInUse++;
                long virtual = image.path("VirtualSize").asLong(-1);
                long shared = image.path("SharedSize").asLong(-1);
                if (virtual != -1 && shared != -1) {
                    usedByContainers += virtual - shared;
                }
            }
        }
        row(table, "Images", df.path("Images").size(), imagesInUse, layers, withPercent(layers - usedByContainers, layers));

        long containersSize = 0;
        long stoppedSize = 0;
        long running = 0;
        for (JsonNode container : df.path("Containers")) {
            long rw = container.path("SizeRw").asLong();
            containersSize += rw;
            if ("running".equals(container.path("State").asText())) {
                running++;
            } else {
                stoppedSize += rw;
            }
        }
        row(table, "Containers", df.path("Containers").size(), running, containersSize, withPercent(stoppedSize, containersSize));

        long volumesSize = 0;
        long unusedVolumesSize = 0;
        long volumesInUse = 0;
        for (JsonNode volume : df.path("Volumes")) {
            long size = Math.max(0, volume.path("UsageData").path("Size").asLong());
            volumesSize += size;
            if (volume.path("UsageData").path("RefCount").asLong() > 0) {
                volumesInUse++;
            } else {
                unusedVolumesSize += size;
            }
        }
        row(table, "Local Volumes", df.path("Volumes").size(), volumesInUse, volumesSize, withPercent(unusedVolumesSize, volumesSize));

        long cacheSize = 0;
        long cacheReclaimable = 0;
        long cacheInUse = 0;
        for (JsonNode record : df.path("BuildCache")) {
            long size = record.path("Size").asLong();
            cacheSize += size;
            if (record.path("InUse").asBoolean()) {
                cacheInUse++;
            } else if (!record.path("Shared").asBoolean()) {
                cacheReclaimable += size;
            }
        }
        row(table, "Build Cache", df.path("BuildCache").size(), cacheInUse, cacheSize, Humanize.size4(cacheReclaimable));

        io().out().print(TableWriter.docker().format(table.toString()));
        io().out().flush();
        return 0;
    }

    private static void row(StringBuilder table, String type, long total, long active, long size, String reclaimable) {
        table.append(type).append('\t').append(total).append('\t').append(active).append('\t')
                .append(Humanize.size4(size)).append('\t').append(reclaimable).append('\n');
    }

    /** docker's "1.2MB (50%)"; the percentage only when there is a size to take it of. */
    private static String withPercent(long reclaimable, long size) {
        return size > 0 ? Humanize.size4(reclaimable) + " (" + (reclaimable * 100 / size) + "%)" : Humanize.size4(reclaimable);
    }
}
