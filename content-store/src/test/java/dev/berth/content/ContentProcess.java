package dev.berth.content;

import dev.berth.common.testing.ServiceProcess;
import java.nio.file.Path;

/** The real {@code berth-content} process on a test directory (common's {@link ServiceProcess}). */
final class ContentProcess {
    private ContentProcess() {}

    static ServiceProcess on(Path dir) {
        return new ServiceProcess("content", ContentStoreMain.class, "containerd.services.content.v1.Content", dir);
    }
}
