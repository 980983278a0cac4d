package dev.berth.network.ports;

import dev.berth.network.netty.NettyTransport;
import dev.berth.network.state.PortRecord;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** The running proxies, by container and port: each holds its host port for as long as it is published. */
public final class PortProxies implements AutoCloseable {
    /** The host port is bound by another socket. */
    static final class PortTaken extends Exception {
        PortTaken(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final NettyTransport transport;
    private final Map<String, Map<PortRecord, Channel>> byContainer = new ConcurrentHashMap<>();

    public PortProxies(NettyTransport transport) {
        this.transport = transport;
    }

    /**
     * Binds a proxy for the port, not yet held for any container. Throws {@link PortTaken} when the
     * port is in use, and an unchecked exception for any other failure (an address not on this host).
     */
    Channel bind(PortRecord port) throws PortTaken {
        InetSocketAddress listen = new InetSocketAddress(port.hostIp(), port.hostPort());
        InetSocketAddress target = new InetSocketAddress(port.containerIp(), port.containerPort());
        try {
            return port.protocol().equals("udp")
                    ? UdpProxy.bind(transport, listen, target)
                    : TcpProxy.bind(transport, listen, target);
        } catch (Exception e) {
            // Netty rethrows the bind's exception as is, checked (a BindException, an epoll NativeIoException) or not
            if (String.valueOf(e.getMessage()).contains("Address already in use")) {
                throw new PortTaken(e);
            }
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    void hold(String containerId, Map<PortRecord, Channel> proxies) {
        byContainer.computeIfAbsent(containerId, id -> new ConcurrentHashMap<>()).putAll(proxies);
    }

    /** Closes the container's proxies whose port matches. */
    void close(String containerId, Predicate<PortRecord> which) {
        Map<PortRecord, Channel> held = byContainer.getOrDefault(containerId, Map.of());
        List<Channel> closing = new ArrayList<>();
        for (PortRecord port : List.copyOf(held.keySet())) {
            if (which.test(port)) {
                closing.add(held.remove(port));
            }
        }
        byContainer.computeIfPresent(containerId, (id, left) -> left.isEmpty() ? null : left);
        closeAll(closing);
    }

    static void closeAll(Collection<Channel> proxies) {
        for (Channel proxy : proxies) {
            proxy.close().syncUninterruptibly();
        }
    }

    @Override
    public void close() {
        for (String containerId : List.copyOf(byContainer.keySet())) {
            close(containerId, port -> true);
        }
    }

    static Map<PortRecord, Channel> newBatch() {
        return new LinkedHashMap<>();
    }
}
