package dev.berth.cli.compose.model;

import java.util.Map;

/**
 * A top-level network or volume: its key in the file, the engine's name for it
 * ({project}_{key}, or its {@code name:}, or the key itself when external), and how to make it.
 */
public record ProjectResource(String key, String name, boolean external, String driver, Map<String, String> driverOpts,
                              Map<String, String> labels, boolean internal, String subnet) {}
