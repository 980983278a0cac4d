package dev.berth.network.ports;

import dev.berth.network.netty.NettyTransport;
import dev.berth.network.state.PortRecord;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The running proxies, by container: each holds its host port for as long as it is published. */
public final class PortProxies implements AutoCloseable {
    /** The host port is bound by another socket. */
    static final class PortTaken extends Exception {
        PortTaken(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final NettyTransport transport;
    private final Map<String, List<Channel>> byContainer = new ConcurrentHashMap<>();

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

    void hold(String containerId, List<Channel> proxies) {
        byContainer.computeIfAbsent(containerId, id -> new ArrayList<>()).addAll(proxies);
    }

    void closeAll(String containerId) {
        List<Channel> proxies = byContainer.remove(containerId);
        if (proxies != null) {
            closeAll(proxies);
        }
    }

    static void closeAll(List<Channel> proxies) {
        for (Channel proxy : proxies) {
            proxy.close().syncUninterruptibly();
        }
    }

    @Override
    public void close() {
        for (String containerId : List.copyOf(byContainer.keySet())) {
            closeAll(containerId);
        }
    }
}
