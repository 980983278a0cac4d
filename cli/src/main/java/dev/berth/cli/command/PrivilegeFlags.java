package dev.berth.cli.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine.Option;

/** run/create's privilege and isolation flags, sent in HostConfig. */
final class PrivilegeFlags {

    @Option(names = "--privileged", description = "Give extended privileges to this container")
    boolean privileged;

    @Option(names = "--cap-add", paramLabel = "list", description = "Add Linux capabilities")
    List<String> capAdd = new ArrayList<>();

    @Option(names = "--cap-drop", paramLabel = "list", description = "Drop Linux capabilities")
    List<String> capDrop = new ArrayList<>();

    @Option(names = "--read-only", description = "Mount the container's root filesystem as read only")
    boolean readOnly;

    @Option(names = "--security-opt", paramLabel = "list", description = "Security Options")
    List<String> securityOpts = new ArrayList<>();

    @Option(names = "--init", description = "Run an init inside the container that forwards signals and reaps processes")
    Boolean init;

    void applyTo(Map<String, Object> host) {
        if (!capAdd.isEmpty()) {
            host.put("CapAdd", capabilities(capAdd));
        }
        if (!capDrop.isEmpty()) {
            host.put("CapDrop", capabilities(capDrop));
        }
        if (privileged) {
            host.put("Privileged", true);
        }
        if (readOnly) {
            host.put("ReadonlyRootfs", true);
        }
        List<String> security = new ArrayList<>();
        for (String opt : securityOpts) {
            security.add(checkSecurityOpt(opt));
        }
        if (security.remove("systempaths=unconfined")) {
            host.put("MaskedPaths", List.of());
            host.put("ReadonlyPaths", List.of());
        }
        if (!security.isEmpty()) {
            host.put("SecurityOpt", security);
        }
        if (init != null) {
            // only when the flag is given: otherwise the daemon's own default applies
            host.put("Init", init);
        }
    }

    /** Upper case with CAP_ prefixed (except ALL), duplicates dropped, sorted: as docker's client sends them. */
    static List<String> capabilities(List<String> given) {
        TreeSet<String> normalized = new TreeSet<>();
        for (String capability : given) {
            String c = capability.strip().toUpperCase(Locale.ROOT);
            normalized.add(c.equals("ALL") || c.startsWith("CAP_") ? c : "CAP_" + c);
        }
        return new ArrayList<>(normalized);
    }

    private static String checkSecurityOpt(String opt) {
        if (opt.equals("no-new-privileges")) {
            return opt;
        }
        int sep = opt.indexOf('=');
        if (sep < 0) {
            sep = opt.indexOf(':');
        }
        if (sep < 0 || sep == opt.length() - 1) {
            throw new IllegalArgumentException("Invalid --security-opt: \"" + opt + "\"");
        }
        return opt;
    }
}
