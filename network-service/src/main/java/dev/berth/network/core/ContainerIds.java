package dev.berth.network.core;

import java.util.regex.Pattern;

/**
 * Container ids as the network service accepts them. They become part of a file name under
 * /run/netns, so only plain names are allowed: no slashes, no dot-names, no empty id.
 */
public final class ContainerIds {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final int NETNS_ID_LENGTH = 12;

    private ContainerIds() {}

    public static String requireValid(String containerId) {
        if (containerId == null || containerId.isEmpty()) {
            throw NetworkError.invalidArgument("container id is required");
        }
        if (!VALID.matcher(containerId).matches()) {
            throw NetworkError.invalidArgument("invalid container id \"" + containerId
                    + "\": only [A-Za-z0-9_.-] are allowed, starting with a letter or digit, at most 128 characters");
        }
        return containerId;
    }

    /** The named network namespace of a container: {@code berth-} and the first 12 characters of its id. */
    public static String netnsName(String containerId) {
        return "berth-" + containerId.substring(0, Math.min(NETNS_ID_LENGTH, containerId.length()));
    }
}
