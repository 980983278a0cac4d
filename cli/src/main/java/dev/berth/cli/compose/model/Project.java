package dev.berth.cli.compose.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A loaded Compose project: its name, where it lives, and its services, networks and volumes in file order. */
public record Project(String name, Path workingDir, List<Path> configFiles, Map<String, Service> services,
                      Map<String, ProjectResource> networks, Map<String, ProjectResource> volumes) {

    public Service service(String name) {
        Service service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("no such service: " + name);
        }
        return service;
    }
}
