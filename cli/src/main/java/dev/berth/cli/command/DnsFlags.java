package dev.berth.cli.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** run/create's --dns, --dns-search, --dns-option and --add-host, sent in HostConfig as docker does. */
final class DnsFlags {
    @Option(names = "--dns", paramLabel = "list", description = "Set custom DNS servers")
    List<String> dns = new ArrayList<>();

    @Option(names = "--dns-search", paramLabel = "list", description = "Set custom DNS search domains")
    List<String> dnsSearch = new ArrayList<>();

    @Option(names = {"--dns-option", "--dns-opt"}, paramLabel = "list", description = "Set DNS options")
    List<String> dnsOptions = new ArrayList<>();

    @Option(names = "--add-host", paramLabel = "list", description = "Add a custom host-to-IP mapping (host:ip)")
    List<String> extraHosts = new ArrayList<>();

    void applyTo(Map<String, Object> host) {
        for (String entry : extraHosts) {
            // opts.ValidateExtraHost: "host:ip", the ip an address or "host-gateway"
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new IllegalArgumentException("bad format for add-host: \"" + entry + "\"");
            }
        }
        host.put("Dns", List.copyOf(dns));
        host.put("DnsOptions", List.copyOf(dnsOptions));
        host.put("DnsSearch", List.copyOf(dnsSearch));
        if (!extraHosts.isEmpty()) {
            host.put("ExtraHosts", List.copyOf(extraHosts));
        }
    }
}
