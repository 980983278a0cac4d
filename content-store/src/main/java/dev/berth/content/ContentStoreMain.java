package dev.berth.content;

import dev.berth.common.service.HostedService;
import dev.berth.common.service.ServiceLauncher;
import dev.berth.common.service.ServiceOptions;
import dev.berth.content.gc.GcSettings;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code berth-content}: serves containerd's Content, Images and Leases APIs on a unix socket until
 * stopped. Settings: {@code snapshotter.address} (snapshots are collected only when set) and
 * {@code gc.snapshotters} (comma-separated, default overlayfs), {@code gc.enabled} (default true; false
 * when containerd uses this store through a proxy plugin and collects itself).
 */
@Command(name = "berth-content", mixinStandardHelpOptions = true,
        description = "Berth's content store: blobs by digest, image records, leases and garbage collection"
                + " (containerd content.v1, images.v1, leases.v1).")
public final class ContentStoreMain implements Callable<Integer> {
    static final String SERVICE = "content";

    @Mixin
    ServiceOptions options;

    @Override
    public Integer call() throws Exception {
        ServiceLauncher.serve(SERVICE, new Hosted(), options);
        return 0;
    }

    /** The content store as a service a process hosts (alone here, or in berth-services). */
    public static final class Hosted implements HostedService {
        @Override
        public String name() {
            return SERVICE;
        }

        @Override
        public Opened open(ServiceOptions options) throws Exception {
                GcSettings gc = GcSettings.defaults().withSnapshotter(options.setting("snapshotter.address", null),
                    List.of(options.setting("gc.snapshotters", "overlayfs").split("\\s*,\\s*")))
                    .withEnabled(Boolean.parseBoolean(options.setting("gc.enabled", "true")));
            ContentStore store = ContentStore.open(options.root(SERVICE), gc);
            return new Opened(store.services(), store);
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ContentStoreMain()).execute(args));
    }
}
