package dev.berth.common.service;

import io.grpc.BindableService;
import java.util.List;

/**
 * A service a process can host: given its options, it opens what it owns (databases, bridges) and
 * names the gRPC services that expose it. A process hosts one (berth-content) or several
 * (berth-services); each keeps its own socket, state directory and API either way. Implementations
 * are found by {@link java.util.ServiceLoader} under their {@link #name()}.
 */
public interface HostedService {

    /** The service's name: its socket ({@code <state>/<name>.sock}) and state directory. */
    String name();

    /** Opens the service; {@code options.root(name())} is its state directory. */
    Opened open(ServiceOptions options) throws Exception;

    /** What an opened service serves, and what to close (in order) after it stops serving. */
    record Opened(List<BindableService> services, List<AutoCloseable> resources) {
        public Opened {
            services = List.copyOf(services);
            resources = List.copyOf(resources);
        }

        public Opened(List<BindableService> services, AutoCloseable... resources) {
            this(services, List.of(resources));
        }
    }
}
