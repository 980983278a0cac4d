package dev.berth.content;

import dev.berth.api.containerd.content.v1.ContentGrpc;
import dev.berth.api.containerd.images.v1.ImagesGrpc;
import dev.berth.common.grpc.GrpcChannels;
import dev.berth.common.testing.TestServices;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A content store on a root directory, served on a real unix socket, with stubs dialed to it. */
final class StoreFixture implements AutoCloseable {
    final Path root;
    private final ContentStore store;
    private final TestServices services;
    private final List<ManagedChannel> extraChannels = new ArrayList<>();

    private StoreFixture(Path root, ContentStore store, TestServices services) {
        this.root = root;
        this.store = store;
        this.services = services;
    }

    static StoreFixture open(Path dir) throws Exception {
        Path root = dir.resolve("root");
        Path run = Files.createDirectories(dir.resolve("run"));
        ContentStore store = ContentStore.open(root);
        return new StoreFixture(root, store, TestServices.serve(run, store.services().toArray(BindableService[]::new)));
    }

    ContentGrpc.ContentBlockingStub content() {
        return ContentGrpc.newBlockingStub(services.channel());
    }

    ContentGrpc.ContentStub contentAsync() {
        return ContentGrpc.newStub(services.channel());
    }

    ImagesGrpc.ImagesBlockingStub images() {
        return ImagesGrpc.newBlockingStub(services.channel());
    }

    /** The Images API as seen from another containerd namespace. */
    ImagesGrpc.ImagesBlockingStub images(String namespace) {
        ManagedChannel channel = GrpcChannels.dial(services.socket(), namespace);
        extraChannels.add(channel);
        return ImagesGrpc.newBlockingStub(channel);
    }

    Writer writer() {
        return new Writer(contentAsync());
    }

    @Override
    public void close() throws Exception {
        for (ManagedChannel channel : extraChannels) {
            channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        }
        services.close();
        store.close();
    }
}
