package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** docker ps's PORTS column: "0.0.0.0:8080->80/tcp, 443/tcp", consecutive ports folded into ranges. */
public final class PortsText {

    private record Port(String ip, int privatePort, int publicPort, String type) {
    }

    private PortsText() {
    }

    public static String display(JsonNode ports) {
        List<Port> list = new ArrayList<>();
        for (JsonNode p : ports) {
            list.add(new Port(p.path("IP").asText(""), p.path("PrivatePort").asInt(), p.path("PublicPort").asInt(), p.path("Type").asText("tcp")));
        }
        list.sort(Comparator.comparingInt(Port::privatePort).thenComparing(Port::ip)
                .thenComparingInt(Port::publicPort).thenComparing(Port::type));
        Map<String, int[]> groups = new LinkedHashMap<>();
        List<String> result = new ArrayList<>();
        List<String> hostMappings = new ArrayList<>();
        for (Port port : list) {
            int current = port.privatePort;
            String key = port.type;
            if (!port.ip.isEmpty()) {
                if (port.publicPort != current) {
                    hostMappings.add(joinHostPort(port.ip, port.publicPort) + "->" + port.privatePort + "/" + port.type);
                    continue;
                }
                key = port.ip + "/" + port.type;
            }
            int[] group = groups.get(key);
            if (group == null) {
                groups.put(key, new int[] {current, current});
                continue;
            }
            if (current == group[1] + 1) {
                group[1] = current;
                continue;
            }
            result.add(formGroup(key, group[0], group[1]));
            groups.put(key, new int[] {current, current});
        }
        groups.forEach((key, group) -> result.add(formGroup(key, group[0], group[1])));
        result.addAll(hostMappings);
        return String.join(", ", result);
    }

    private static String formGroup(String key, int first, int last) {
        int slash = key.lastIndexOf('/');
        String ip = slash >= 0 ? key.substring(0, slash) : "";
        String type = slash >= 0 ? key.substring(slash + 1) : key;
        String group = first == last ? Integer.toString(first) : first + "-" + last;
        if (!ip.isEmpty()) {
            group = joinHostPort(ip, -1).replace(":-1", "") + ":" + group + "->" + group;
        }
        return group + "/" + type;
    }

    private static String joinHostPort(String ip, int port) {
        String host = ip.contains(":") ? "[" + ip + "]" : ip;
        return host + ":" + port;
    }
}
