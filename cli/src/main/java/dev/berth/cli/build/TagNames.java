package dev.berth.cli.build;

import java.util.Locale;
import java.util.regex.Pattern;

/** docker build's validateTag: reference.ParseNormalizedNamed must accept the name, with its error texts. */
public final class TagNames {
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN = "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[(?:[a-fA-F0-9:]+)\\])(?::[0-9]+)?";
    private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
    private static final String NAME = "(?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    private static final Pattern REFERENCE = Pattern.compile("^(" + NAME + ")(?::[\\w][\\w.-]{0,127})?"
            + "(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$");
    private static final Pattern IDENTIFIER = Pattern.compile("^[a-f0-9]{64}$");

    private TagNames() {
    }

    /** @return null when valid, else the reason docker gives */
    public static String problem(String name) {
        if (IDENTIFIER.matcher(name).matches()) {
            return "invalid repository name (" + name + "), cannot specify 64-byte hexadecimal strings";
        }
        // splitDockerDomain: a first component that looks like a host is the registry; Docker Hub's
        // single-component names are "library/..."
        String remainder = name;
        boolean dockerHub = true;
        int slash = name.indexOf('/');
        if (slash >= 0) {
            String first = name.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost") || !first.toLowerCase(Locale.ROOT).equals(first)) {
                remainder = name.substring(slash + 1);
                dockerHub = false;
            }
        }
        if (dockerHub && !remainder.contains("/")) {
            remainder = "library/" + remainder;
        }
        int colon = remainder.indexOf(':');
        String remote = colon >= 0 ? remainder.substring(0, colon) : remainder;
        if (!remote.toLowerCase(Locale.ROOT).equals(remote)) {
            return "invalid reference format: repository name (" + remote + ") must be lowercase";
        }
        if (name.isEmpty()) {
            return "repository name must have at least one component";
        }
        var matcher = REFERENCE.matcher(name);
        if (!matcher.matches()) {
            return "invalid reference format";
        }
        if (matcher.group(1).length() > 255) {
            return "repository name must not be more than 255 characters";
        }
        return null;
    }
}
