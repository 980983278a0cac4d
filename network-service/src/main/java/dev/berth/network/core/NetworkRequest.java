package dev.berth.network.core;

import java.util.Map;

/** CreateNetwork's request, as the catalog takes it (empty strings for what is not given). */
public record NetworkRequest(String name, String driver, String subnet, String gateway, String ipRange,
                             boolean internal, Map<String, String> labels, Map<String, String> options,
                             boolean attachable) {}
