package dev.berth.gateway.container;

import java.util.List;

/** GET /containers/{id}/top: ps's column titles and one row per process. */
public record ProcessList(List<String> titles, List<List<String>> processes) {}
