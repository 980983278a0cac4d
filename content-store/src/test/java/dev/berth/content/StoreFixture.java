package dev.berth.content;

import dev.berth.api.containerd.content.v1.ContentGrpc;
import dev.berth.api.containerd.images.v1.ImagesGrpc;
import dev.berth.common.grpc.GrpcChannels;
import dev.berth.common.testing.TestServices;
import dev.berth.api.containerd.leases.v1.LeasesGrpc;
import dev.berth.content.gc.GcSettings;
import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
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
        return open(dir, GcSettings.defaults());
    }

    static StoreFixture open(Path dir, GcSettings gc) throws Exception {
        Path root = dir.resolve("root");
        Path run = Files.createDirectories(dir.resolve("run"));
        ContentStore store = ContentStore.open(root, gc);
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
        return ImagesGrpc.newBlockingStub(channel(namespace));
    }

    ContentGrpc.ContentBlockingStub content(String namespace) {
        return ContentGrpc.newBlockingStub(channel(namespace));
    }

    LeasesGrpc.LeasesBlockingStub leases() {
        return LeasesGrpc.newBlockingStub(services.channel());
    }

    LeasesGrpc.LeasesBlockingStub leases(String namespace) {
        return LeasesGrpc.newBlockingStub(channel(namespace));
    }

    /** A channel whose calls are in {@code namespace}. */
    synchronized ManagedChannel channel(String namespace) {
        ManagedChannel channel = GrpcChannels.dial(services.socket(), namespace);
        extraChannels.add(channel);
        return channel;
    }

    Writer writer() {
        return new Writer(contentAsync());
    }

    /** A Write stream in {@code namespace}, joining lease {@code leaseId} when not null. */
    Writer writer(String namespace, String leaseId) {
        ContentGrpc.ContentStub stub = ContentGrpc.newStub(channel(namespace));
        return new Writer(leaseId == null ? stub : withLease(stub, leaseId));
    }

    /** Sends {@code containerd-lease: leaseId} with every call of {@code stub}, as containerd's clients do. */
    static <S extends AbstractStub<S>> S withLease(S stub, String leaseId) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("containerd-lease", Metadata.ASCII_STRING_MARSHALLER), leaseId);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    @Override
    public synchronized void close() throws Exception {
        for (ManagedChannel channel : extraChannels) {
            channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        }
        services.close();
        store.close();
    }
}
