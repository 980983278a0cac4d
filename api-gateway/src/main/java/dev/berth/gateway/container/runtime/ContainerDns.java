package dev.berth.gateway.container.runtime;

import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.HostConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * What HostConfig's Dns, DnsSearch, DnsOptions (--dns, --dns-search, --dns-option) and ExtraHosts
 * (--add-host) make of a container's resolv.conf and hosts file, as Docker writes them.
 */
final class ContainerDns {
    private ContainerDns() {}

    /**
     * resolv.conf: on a network with its own name server, that server (Docker's embedded DNS; --dns
     * servers are the embedded DNS's upstreams there, which Berth's network service takes from the
     * host), otherwise --dns or the host's non-loopback servers; --dns-search and --dns-option
     * replace the host's search and options lines.
     */
    static String resolvConf(String hostResolvConf, HostConfig host, String nameServer, boolean hostNetwork) {
        List<String> dns = host == null || host.dns() == null ? List.of() : host.dns();
        List<String> search = host == null || host.dnsSearch() == null ? List.of() : host.dnsSearch();
        List<String> options = host == null || host.dnsOptions() == null ? List.of() : host.dnsOptions();
        String base = nameServer != null && !nameServer.isEmpty()
                ? ResolvConf.withNameServer(hostResolvConf, nameServer)
                : ResolvConf.forContainer(hostResolvConf, hostNetwork);
        if (dns.isEmpty() && search.isEmpty() && options.isEmpty()) {
            return base;
        }
        List<String> servers = new ArrayList<>();
        List<String> searchLine = new ArrayList<>();
        List<String> optionLine = new ArrayList<>();
        for (String line : base.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 2) {
                continue;
            }
            switch (fields[0]) {
                case "nameserver" -> servers.add(fields[1]);
                case "search", "domain" -> searchLine.addAll(List.of(fields).subList(1, fields.length));
                case "options" -> optionLine.addAll(List.of(fields).subList(1, fields.length));
                default -> { }
            }
        }
        boolean embedded = nameServer != null && !nameServer.isEmpty();
        if (!dns.isEmpty() && !embedded) {
            servers = new ArrayList<>(dns);
        }
        if (!search.isEmpty()) {
            searchLine = search.equals(List.of(".")) ? List.of() : new ArrayList<>(search);
        }
        if (!options.isEmpty()) {
            optionLine = new ArrayList<>(options);
            if (embedded && optionLine.stream().noneMatch(o -> o.startsWith("ndots:"))) {
                optionLine.add("ndots:0");
            }
        }
        StringBuilder out = new StringBuilder();
        servers.forEach(s -> out.append("nameserver ").append(s).append('\n'));
        if (!searchLine.isEmpty()) {
            out.append("search ").append(String.join(" ", searchLine)).append('\n');
        }
        if (!optionLine.isEmpty()) {
            out.append("options ").append(String.join(" ", optionLine)).append('\n');
        }
        return out.toString();
    }

    /** ExtraHosts ("name:ip", "host-gateway" for the network's gateway) as hosts lines, "ip\tname". */
    static List<String> extraHosts(HostConfig host, String gateway) {
        List<String> lines = new ArrayList<>();
        if (host == null || host.extraHosts() == null) {
            return lines;
        }
        for (String entry : host.extraHosts()) {
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw DockerApiException.badRequest("invalid extra host entry: " + entry);
            }
            String ip = entry.substring(colon + 1);
            if (ip.equals("host-gateway")) {
                ip = gateway == null ? "" : gateway;
            }
            if (!ip.isEmpty()) {
                lines.add(ip + "\t" + entry.substring(0, colon));
            }
        }
        return lines;
    }
}
