package dev.berth.cli.compose.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A loaded Compose project: its name, where it lives, its services, networks and volumes in file
 * order, and where each key was written.
 */
public record Project(String name, Path workingDir, List<Path> configFiles, Map<String, Service> services,
                      Map<String, ProjectResource> networks, Map<String, ProjectResource> volumes,
                      Function<String, String> locator) {

    /** "docker-compose.yml:12: services.web.ports: " for a key path, so engine errors can say where they come from. */
    public String where(String keyPath) {
        return locator.apply(keyPath) + keyPath + ": ";
    }

    public Service service(String name) {
        Service service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("no such service: " + name);
        }
        return service;
    }
}
