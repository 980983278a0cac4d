package dev.berth.gateway.container.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * A container's resolv.conf, derived from the host's. Loopback resolvers (systemd-resolved's
 * 127.0.0.53, a local dnsmasq) are unreachable from a container's own network namespace, so
 * they are dropped; no other resolver is put in their place.
 */
public final class ResolvConf {
    private ResolvConf() {}

    public static String forContainer(String hostResolvConf, boolean hostNetwork) {
        if (hostResolvConf == null) {
            return "";
        }
        if (hostNetwork) {
            return hostResolvConf;
        }
        List<String> lines = new ArrayList<>();
        for (String line : hostResolvConf.split("\n", -1)) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 2 && fields[0].equals("nameserver") && isLoopback(fields[1])) {
                continue;
            }
            lines.add(line);
        }
        String result = String.join("\n", lines);
        return result.isBlank() ? "" : result;
    }

    /**
     * A container on a network with its own name server (a user-defined bridge), as Docker writes
     * it for its embedded DNS: that server only, the host's search domains and options, and ndots:0.
     */
    public static String withNameServer(String hostResolvConf, String nameServer) {
        List<String> search = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (String line : (hostResolvConf == null ? "" : hostResolvConf).split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 2 && (fields[0].equals("search") || fields[0].equals("domain"))) {
                for (int i = 1; i < fields.length; i++) {
                    if (!search.contains(fields[i])) {
                        search.add(fields[i]);
                    }
                }
            } else if (fields.length >= 2 && fields[0].equals("options")) {
                for (int i = 1; i < fields.length; i++) {
                    if (!fields[i].startsWith("ndots:") && !options.contains(fields[i])) {
                        options.add(fields[i]);
                    }
                }
            }
        }
        options.add("ndots:0");
        StringBuilder out = new StringBuilder("nameserver ").append(nameServer).append('\n');
        if (!search.isEmpty()) {
            out.append("search ").append(String.join(" ", search)).append('\n');
        }
        out.append("options ").append(String.join(" ", options)).append('\n');
        return out.toString();
    }

    static boolean isLoopback(String address) {
        String a = address.toLowerCase();
        int zone = a.indexOf('%');
        if (zone >= 0) {
            a = a.substring(0, zone);
        }
        return a.startsWith("127.") || a.equals("::1") || a.equals("0:0:0:0:0:0:0:1");
    }
}
