package dev.berth.common.grpc;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The services this process serves, by socket: a client in the same process (berth-engine hosts
 * the gateway beside content, snapshotter and network) calls them through gRPC's in-process
 * transport, which hands the request objects over instead of framing them as HTTP/2 over a unix
 * socket and parsing them back. The socket still serves every other client.
 */
final class InProcessServers {
    private static final Set<String> SERVING = ConcurrentHashMap.newKeySet();

    private InProcessServers() {
    }

    /** The in-process name of the server on {@code socket}. */
    static String name(Path socket) {
        return "berth:" + socket.toAbsolutePath().normalize();
    }

    static void serving(Path socket) {
        SERVING.add(name(socket));
    }

    static void stopped(Path socket) {
        SERVING.remove(name(socket));
    }

    static boolean isServing(Path socket) {
        return SERVING.contains(name(socket));
    }
}
