package dev.berth.common.grpc;

import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import java.net.URI;
import java.nio.file.Path;

/** Addresses of Berth's services: {@code unix:///run/berth/content.sock} or a bare path. */
public final class UnixSockets {
    private UnixSockets() {}

    /** The socket path named by an address such as {@code unix:///run/berth/x.sock} or {@code /run/berth/x.sock}. */
    public static Path pathOf(String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("empty service address");
        }
        if (address.startsWith("unix://")) {
            return Path.of(URI.create(address).getPath());
        }
        if (address.startsWith("unix:")) {
            return Path.of(address.substring("unix:".length()));
        }
        if (address.contains("://")) {
            throw new IllegalArgumentException("only unix socket addresses are supported: " + address);
        }
        return Path.of(address);
    }

    static DomainSocketAddress domainAddress(Path path) {
        return new DomainSocketAddress(path.toAbsolutePath().toString());
    }

    /** One small epoll loop group per process is enough for local sockets. */
    static EventLoopGroup newEventLoopGroup(int threads, String name) {
        return new EpollEventLoopGroup(threads, Thread.ofPlatform().daemon().name(name + "-", 0).factory());
    }
}
