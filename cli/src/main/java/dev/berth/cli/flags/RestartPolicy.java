package dev.berth.cli.flags;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * --restart as HostConfig.RestartPolicy: {"Name", "MaximumRetryCount"}. The format is checked
 * as docker's CLI checks it, the policy as its daemon does (Berth checks before sending).
 */
public final class RestartPolicy {
    private static final List<String> POLICIES = List.of("no", "always", "unless-stopped", "on-failure");

    private RestartPolicy() {
    }

    /** The policy, or null for an empty value (the daemon's default). */
    public static Map<String, Object> parse(String spec) {
        if (spec == null || spec.isEmpty()) {
            return null;
        }
        int colon = spec.indexOf(':');
        String name = colon < 0 ? spec : spec.substring(0, colon);
        String count = colon < 0 ? "" : spec.substring(colon + 1);
        if (colon >= 0 && name.isEmpty()) {
            throw new IllegalArgumentException("invalid restart policy format: no policy provided before colon");
        }
        int retries = 0;
        if (!count.isEmpty()) {
            try {
                retries = Integer.parseInt(count);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid restart policy format: maximum retry count must be an integer");
            }
        }
        if (!POLICIES.contains(name)) {
            throw new IllegalArgumentException("invalid restart policy format: unknown policy '" + name
                    + "'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
        }
        if (!name.equals("on-failure") && retries != 0) {
            throw new IllegalArgumentException("invalid restart policy format: maximum retry count can only be used with 'on-failure'");
        }
        if (retries < 0) {
            throw new IllegalArgumentException("invalid restart policy format: maximum retry count cannot be negative");
        }
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("Name", name);
        policy.put("MaximumRetryCount", retries);
        return policy;
    }

    /** True for no policy or "no": the only ones --rm goes with. */
    public static boolean isNone(Map<String, Object> policy) {
        return policy == null || "no".equals(policy.get("Name"));
    }
}
