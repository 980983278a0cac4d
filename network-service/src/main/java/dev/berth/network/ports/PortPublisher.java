package dev.berth.network.ports;

import dev.berth.network.core.NetworkError;
import dev.berth.network.core.PortRelease;
import dev.berth.network.core.SharedState;
import dev.berth.network.firewall.Firewall;
import dev.berth.network.ipam.Ipv4;
import dev.berth.network.state.EndpointRecord;
import dev.berth.network.state.NetworkRecord;
import dev.berth.network.state.NetworkState;
import dev.berth.network.state.PortRecord;
import dev.berth.network.state.SandboxRecord;
import io.netty.channel.Channel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a sandbox's ports: a proxy that holds each host port (and serves loopback), DNAT and
 * forwarding rules for the rest, the ports in the sandbox's record. All or nothing per request.
 */
public final class PortPublisher implements PortRelease {
    static final int EPHEMERAL_FIRST = 32768;
    static final int EPHEMERAL_LAST = 60999;
    private static final Logger LOG = LoggerFactory.getLogger(PortPublisher.class);

    private final SharedState shared;
    private final Firewall firewall;
    private final PortProxies proxies;
    // where the search for a free ephemeral port starts, so a just-released port is not reused at once
    private final AtomicInteger nextEphemeral = new AtomicInteger(EPHEMERAL_FIRST);

    public PortPublisher(SharedState shared, Firewall firewall, PortProxies proxies) {
        this.shared = shared;
        this.firewall = firewall;
        this.proxies = proxies;
    }

    public List<PortRecord> publish(String containerId, List<PortRequest> requests) throws IOException {
        return shared.locked(() -> {
            NetworkState before = shared.current();
            SandboxRecord sandbox = before.sandboxes().get(containerId);
            if (sandbox == null) {
                throw NetworkError.failedPrecondition("container " + containerId + " has no network sandbox");
            }
            EndpointRecord endpoint = before.endpointsOfContainer(containerId).stream()
                    .filter(e -> e.hasAddress() && !e.pending())
                    .findFirst()
                    .orElseThrow(() -> NetworkError.failedPrecondition("container " + containerId
                            + " has no endpoint with an address to publish ports to"));
            NetworkRecord network = before.networks().get(endpoint.networkId());
            List<PortRecord> published = new ArrayList<>();
            Map<PortRecord, Channel> bound = PortProxies.newBatch();
            try {
                for (PortRequest request : requests) {
                    PortRecord port = bindOne(request, endpoint, network, bound);
                    published.add(port);
                }
                NetworkState after = before.withSandbox(sandbox.withPorts(published));
                shared.commit(after);
                try {
                    firewall.apply(after);
                } catch (RuntimeException e) {
                    shared.rollBack(before);
                    firewall.apply(before);
                    throw e;
                }
            } catch (RuntimeException | IOException e) {
                PortProxies.closeAll(bound.values());
                throw e;
            }
            proxies.hold(containerId, bound);
            return published;
        });
    }

    @Override
    public void unpublish(String containerId, Predicate<PortRecord> which) throws IOException {
        shared.locked(() -> {
            proxies.close(containerId, which);
            SandboxRecord sandbox = shared.current().sandboxes().get(containerId);
            if (sandbox != null && sandbox.ports().stream().anyMatch(which)) {
                List<PortRecord> kept = sandbox.ports().stream().filter(which.negate()).toList();
                NetworkState after = shared.current().withSandbox(sandbox.withoutPorts().withPorts(kept));
                firewall.apply(after);
                shared.commit(after);
            }
            return null;
        });
    }

    /** After a restart: binds the proxies of the ports in the state again (the rules follow the state). */
    public void rebindAll() {
        for (SandboxRecord sandbox : shared.current().sandboxes().values()) {
            Map<PortRecord, Channel> bound = PortProxies.newBatch();
            for (PortRecord port : sandbox.ports()) {
                try {
                    bound.put(port, proxies.bind(port));
                } catch (PortProxies.PortTaken | RuntimeException e) {
                    LOG.warn("container {}: cannot bind {}/{} again ({}); its forwarding rules stay",
                            sandbox.containerId(), port.hostBinding(), port.protocol(), e.getMessage());
                }
            }
            proxies.hold(sandbox.containerId(), bound);
        }
    }

    private PortRecord bindOne(PortRequest request, EndpointRecord endpoint, NetworkRecord network,
                               Map<PortRecord, Channel> bound) {
        String protocol = protocol(request.protocol());
        if (request.containerPort() < 1 || request.containerPort() > 65535) {
            throw NetworkError.invalidArgument("invalid container port " + request.containerPort());
        }
        String hostIp = request.hostIp().isEmpty() ? PortRecord.ANY_ADDRESS : request.hostIp();
        try {
            Ipv4.parse(hostIp);
        } catch (IllegalArgumentException e) {
            throw NetworkError.invalidArgument("invalid host IP: " + e.getMessage());
        }
        int first = request.hostPort();
        int last = request.hostPortEnd() == 0 ? first : request.hostPortEnd();
        boolean ephemeral = first == 0;
        if (ephemeral) {
            first = EPHEMERAL_FIRST;
            last = EPHEMERAL_LAST;
        } else if (first < 1 || last > 65535 || last < first) {
            throw NetworkError.invalidArgument("invalid host port range " + request.hostPort() + "-"
                    + request.hostPortEnd());
        }
        int count = last - first + 1;
        int start = ephemeral ? Math.floorMod(nextEphemeral.get() - first, count) : 0;
        for (int i = 0; i < count; i++) {
            int hostPort = first + (start + i) % count;
            PortRecord port = new PortRecord(protocol, hostIp, hostPort, endpoint.ipAddress(), request.containerPort(),
                    network.bridgeName());
            try {
                bound.put(port, proxies.bind(port));
            } catch (PortProxies.PortTaken taken) {
                continue;
            } catch (RuntimeException e) {
                throw NetworkError.failedPrecondition("Bind for " + port.hostBinding() + " failed: " + e.getMessage());
            }
            if (ephemeral) {
                nextEphemeral.set(hostPort + 1);
            }
            return port;
        }
        String ports = first == last ? Integer.toString(first) : first + "-" + last;
        throw NetworkError.failedPrecondition("Bind for " + hostIp + ":" + ports + " failed: port is already allocated");
    }

    private static String protocol(String protocol) {
        return switch (protocol.isEmpty() ? "tcp" : protocol.toLowerCase()) {
            case "tcp" -> "tcp";
            case "udp" -> "udp";
            case "sctp" -> throw NetworkError.invalidArgument("sctp ports cannot be published by this service");
            default -> throw NetworkError.invalidArgument("invalid protocol \"" + protocol + "\": tcp or udp");
        };
    }
}
