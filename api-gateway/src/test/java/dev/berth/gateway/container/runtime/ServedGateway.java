package dev.berth.gateway.container.runtime;

import dev.berth.gateway.GatewayServer;
import dev.berth.gateway.image.ImageService;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The gateway's whole HTTP application over real services ({@link RuntimeServices}), serving on
 * {@code <stack dir>/api.sock} with busybox imported as {@code busybox:latest}: what the tests that
 * talk to the Engine API as the docker CLI does start from.
 */
final class ServedGateway implements AutoCloseable {
    final RuntimeServices services;
    final GatewayServer server;
    final Path socket;

    private ServedGateway(RuntimeServices services, GatewayServer server, Path socket) {
        this.services = services;
        this.server = server;
        this.socket = socket;
    }

    static ServedGateway start() throws Exception {
        RuntimeServices services = RuntimeServices.start();
        Path socket = services.stack.dir.resolve("api.sock");
        GatewayServer server;
        try {
            // the gateway makes its own image and container services from the settings and clients, as berthd does
            server = GatewayServer.start(socket, services.settings, services.clients);
        } catch (Exception e) {
            services.close();
            throw e;
        }
        ServedGateway gateway = new ServedGateway(services, server, socket);
        try {
            gateway.bean(ImageService.class).importImage(new ByteArrayInputStream(dev.berth.gateway.BusyboxRootfs.tar()),
                    "busybox", "latest",
                    List.of("CMD [\"sh\"]", "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), null);
        } catch (Exception e) {
            gateway.close();
            throw e;
        }
        return gateway;
    }

    <T> T bean(Class<T> type) {
        return server.context().getBean(type);
    }

    @Override
    public void close() throws Exception {
        try {
            server.close();
        } finally {
            services.close();
        }
    }
}
