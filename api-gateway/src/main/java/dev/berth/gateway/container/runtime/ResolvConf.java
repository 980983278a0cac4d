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

    static boolean isLoopback(String address) {
        String a = address.toLowerCase();
        int zone = a.indexOf('%');
        if (zone >= 0) {
            a = a.substring(0, zone);
        }
        return a.startsWith("127.") || a.equals("::1") || a.equals("0:0:0:0:0:0:0:1");
    }
}
