package dev.berth.gateway.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.gateway.volume.MountPoint;
import dev.berth.gateway.volume.VolumeRecord;
import dev.berth.gateway.volume.Volumes;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** Volumes as Docker's API renders them (volume.Volume), and a container's Mounts (types.MountPoint). */
public final class VolumeJson {
    private VolumeJson() {}

    public static ObjectNode volume(VolumeRecord v, Volumes volumes) {
        ObjectNode node = Json.object();
        node.put("CreatedAt", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(v.createdAt().atOffset(ZoneOffset.UTC)))
                .put("Driver", v.driver());
        strings(node.putObject("Labels"), v.labels());
        node.put("Mountpoint", volumes.mountpoint(v.name()).toString())
                .put("Name", v.name());
        strings(node.putObject("Options"), v.options());
        node.put("Scope", "local");
        return node;
    }

    /** /system/df's Volumes: with UsageData (Size, RefCount). */
    public static ArrayNode diskUsage(Volumes volumes) {
        ArrayNode list = Json.array();
        for (VolumeRecord v : volumes.list()) {
            ObjectNode node = volume(v, volumes);
            node.putObject("UsageData").put("Size", volumes.size(v.name())).put("RefCount", volumes.users(v.name()).size());
            list.add(node);
        }
        return list;
    }

    public static ArrayNode mounts(List<MountPoint> mounts) {
        ArrayNode list = Json.array();
        for (MountPoint m : mounts) {
            ObjectNode node = list.addObject();
            node.put("Type", m.type());
            if (m.isVolume()) {
                node.put("Name", m.name());
            }
            node.put("Source", m.source()).put("Destination", m.destination());
            if (m.isVolume()) {
                node.put("Driver", m.driver());
            }
            node.put("Mode", m.mode()).put("RW", m.rw()).put("Propagation", m.propagation());
        }
        return list;
    }

    private static void strings(ObjectNode node, Map<String, String> map) {
        map.forEach(node::put);
    }
}
