package dev.berth.gateway;

import dev.berth.gateway.config.GatewaySettings;
import dev.berth.gateway.config.ServiceClients;
import java.nio.file.Path;

/**
 * The gateway's HTTP server on the real content store and snapshotter ({@link StorageServices}),
 * with its own image service and faked containers: the fixture of the image tests.
 */
final class ImageGateway implements AutoCloseable {
    final StorageServices storage;
    final ServiceClients clients;
    final Path socket;
    private final GatewayServer server;

    private ImageGateway(StorageServices storage, ServiceClients clients, Path socket, GatewayServer server) {
        this.storage = storage;
        this.clients = clients;
        this.socket = socket;
        this.server = server;
    }

    static ImageGateway start(String prefix) throws Exception {
        StorageServices storage = StorageServices.start(prefix);
        ServiceClients clients = null;
        try {
            Path state = storage.state;
            Path socket = state.resolve("berth.sock");
            GatewaySettings settings = new GatewaySettings(storage.dir.resolve("gw"), state, socket, "berth-shim", "runc",
                    state.resolve("runc"), "berth");
            clients = new ServiceClients(storage.address("content"), storage.address("snapshotter"),
                    storage.address("network"), "berth");
            return new ImageGateway(storage, clients, socket, GatewayServer.start(socket, settings, clients, new FakeContainers()));
        } catch (Exception | AssertionError e) {
            if (clients != null) {
                clients.close();
            }
            storage.close();
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            server.close();
            clients.close();
        } finally {
            storage.close();
        }
    }
}
