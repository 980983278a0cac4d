package dev.berth.content;

import dev.berth.common.service.ServiceLauncher;
import dev.berth.common.service.ServiceOptions;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code berth-content}: serves containerd's Content and Images APIs on a unix socket until stopped. */
@Command(name = "berth-content", mixinStandardHelpOptions = true,
        description = "Berth's content store: blobs by digest and image records (containerd content.v1 and images.v1).")
public final class ContentStoreMain implements Callable<Integer> {
    static final String SERVICE = "content";

    @Mixin
    ServiceOptions options;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(options.state());
        ContentStore store = ContentStore.open(options.root(SERVICE));
        try {
            ServiceLauncher.serve(SERVICE, options, store.services(), store);
        } catch (Exception e) {
            store.close();
            throw e;
        }
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ContentStoreMain()).execute(args));
    }
}
