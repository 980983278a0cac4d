package dev.berth.cli.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * Where the engine listens, parsed from a DOCKER_HOST-style address:
 * {@code unix:///path/to.sock}, {@code tcp://host:port} or {@code http://host:port}.
 */
public record EngineEndpoint(String address, SocketAddress socketAddress) {

    /** Berth's own socket, not docker's: both engines can live side by side. */
    public static final String DEFAULT_HOST = "unix:///run/berth/berth.sock";

    public static EngineEndpoint parse(String address) {
        if (address == null || address.isBlank()) {
            address = DEFAULT_HOST;
        }
        if (address.startsWith("unix://")) {
            String path = address.substring("unix://".length());
            if (path.isEmpty()) {
                throw new IllegalArgumentException("invalid host address " + address + ": no socket path");
            }
            return new EngineEndpoint(address, UnixDomainSocketAddress.of(Path.of(path)));
        }
        if (address.startsWith("tcp://") || address.startsWith("http://")) {
            URI uri = URI.create(address.replaceFirst("^tcp://", "http://"));
            if (uri.getHost() == null || uri.getPort() < 0) {
                throw new IllegalArgumentException("invalid host address " + address + ": expected host:port");
            }
            return new EngineEndpoint(address, new InetSocketAddress(uri.getHost(), uri.getPort()));
        }
        throw new IllegalArgumentException("unsupported host address " + address + " (use unix:///path or tcp://host:port)");
    }

    /** Opens a new blocking connection; each HTTP exchange uses its own. */
    public SocketChannel connect() throws IOException {
        SocketChannel channel = socketAddress instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX)
                : SocketChannel.open();
        try {
            channel.connect(socketAddress);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }
}
