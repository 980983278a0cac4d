package dev.berth.gateway.container.runtime;

import dev.berth.gateway.api.DockerApiException;
import java.util.List;

/**
 * HostConfig.SecurityOpt, parsed as Docker's parseSecurityOpt does (daemon/daemon_unix.go), with
 * Docker's errors for what it does not know. Berth applies no SELinux labels and no AppArmor
 * profiles, so the options that only switch those off are accepted and any that would ask for
 * one is refused rather than ignored.
 *
 * @param noNewPrivileges process.noNewPrivileges
 * @param seccomp         null for the default profile, {@link #UNCONFINED}, or a profile's JSON text
 */
public record SecurityOptions(boolean noNewPrivileges, String seccomp) {
    public static final String UNCONFINED = "unconfined";
    /** Docker's name for its built-in profile. */
    static final String BUILTIN = "builtin";

    public static SecurityOptions parse(List<String> options) {
        boolean noNewPrivileges = false;
        String seccomp = null;
        for (String opt : options == null ? List.<String>of() : options) {
            if (opt.equals("no-new-privileges")) {
                noNewPrivileges = true;
                continue;
            }
            if (opt.equals("disable")) {
                continue; // label=disable's short form: no label is applied anyway
            }
            String key;
            String value;
            int eq = opt.indexOf('=');
            int colon = opt.indexOf(':');
            if (eq >= 0) {
                key = opt.substring(0, eq);
                value = opt.substring(eq + 1);
            } else if (colon >= 0) {
                key = opt.substring(0, colon); // the deprecated "seccomp:unconfined" form
                value = opt.substring(colon + 1);
            } else {
                throw DockerApiException.badRequest("invalid --security-opt 1: \"" + opt + "\"");
            }
            switch (key) {
                case "seccomp" -> seccomp = value.equals(BUILTIN) ? null : value;
                case "no-new-privileges" -> noNewPrivileges = parseBool(value, opt);
                case "label" -> {
                    if (!value.equals("disable")) {
                        throw DockerApiException.badRequest("invalid --security-opt \"" + opt
                                + "\": SELinux labels are not supported by Berth (only label=disable)");
                    }
                }
                case "apparmor" -> {
                    if (!value.equals(UNCONFINED)) {
                        throw DockerApiException.badRequest("invalid --security-opt \"" + opt
                                + "\": AppArmor profiles are not supported by Berth (only apparmor=unconfined)");
                    }
                }
                default -> throw DockerApiException.badRequest("invalid --security-opt 2: \"" + opt + "\"");
            }
        }
        return new SecurityOptions(noNewPrivileges, seccomp);
    }

    /** Go's strconv.ParseBool, which Docker uses for no-new-privileges=<bool>. */
    private static boolean parseBool(String value, String opt) {
        return switch (value) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw DockerApiException.badRequest("invalid --security-opt 2: \"" + opt + "\"");
        };
    }

    public boolean unconfined() {
        return UNCONFINED.equals(seccomp);
    }

    /** A profile of the client's own, as opposed to the default or none. */
    public boolean customProfile() {
        return seccomp != null && !unconfined();
    }
}
