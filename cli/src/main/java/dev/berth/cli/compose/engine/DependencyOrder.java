package dev.berth.cli.compose.engine;

import dev.berth.cli.compose.load.DependencyCycleException;
import dev.berth.cli.compose.model.Service;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Services in depends_on order (dependencies first, otherwise file order); a cycle is an error. */
public final class DependencyOrder {
    private DependencyOrder() {
    }

    public static List<Service> of(Collection<Service> services) {
        Map<String, Service> byName = new LinkedHashMap<>();
        services.forEach(s -> byName.put(s.name(), s));
        List<Service> ordered = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        for (Service service : services) {
            visit(service, byName, done, new ArrayList<>(), ordered);
        }
        return ordered;
    }

    /** The named services and, transitively, what they depend on, in start order. */
    public static List<Service> withDependencies(Collection<Service> all, Collection<String> names) {
        Map<String, Service> byName = new LinkedHashMap<>();
        all.forEach(s -> byName.put(s.name(), s));
        Set<String> wanted = new LinkedHashSet<>();
        List<String> queue = new ArrayList<>(names);
        while (!queue.isEmpty()) {
            String name = queue.removeFirst();
            Service service = byName.get(name);
            if (service == null) {
                throw new IllegalArgumentException("no such service: " + name);
            }
            if (wanted.add(name)) {
                queue.addAll(service.dependsOn().keySet());
            }
        }
        return of(all).stream().filter(s -> wanted.contains(s.name())).toList();
    }

    private static void visit(Service service, Map<String, Service> byName, Set<String> done, List<String> path,
                              List<Service> ordered) {
        if (done.contains(service.name())) {
            return;
        }
        if (path.contains(service.name())) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(service.name()), path.size()));
            cycle.add(service.name());
            throw new DependencyCycleException(cycle);
        }
        path.add(service.name());
        for (String dependency : service.dependsOn().keySet()) {
            Service next = byName.get(dependency);
            if (next != null) {
                visit(next, byName, done, path, ordered);
            }
        }
        path.removeLast();
        done.add(service.name());
        ordered.add(service);
    }
}
