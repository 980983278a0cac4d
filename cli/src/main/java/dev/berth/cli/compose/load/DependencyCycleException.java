package dev.berth.cli.compose.load;

import java.util.List;

/** depends_on that loops: the services of the loop, the first repeated at the end. */
public final class DependencyCycleException extends ComposeFileException {
    private final List<String> cycle;

    public DependencyCycleException(List<String> cycle) {
        this("", cycle);
    }

    private DependencyCycleException(String where, List<String> cycle) {
        super(where + "dependency cycle detected: " + String.join(" -> ", cycle));
        this.cycle = List.copyOf(cycle);
    }

    public List<String> cycle() {
        return cycle;
    }

    /** The same cycle, said with where it starts ("docker-compose.yml:7: services.a.depends_on: "). */
    public DependencyCycleException at(String where) {
        return new DependencyCycleException(where, cycle);
    }
}
