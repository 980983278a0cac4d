package dev.berth.shim.task;

import com.google.protobuf.Empty;
import dev.berth.api.runtime.v1.ArchiveInRequest;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One ArchiveIn call: the tar is spooled to a file in the container's state directory as it
 * arrives (no thread waits on the stream), then extracted when the client half-closes.
 */
final class ArchiveInStream implements StreamObserver<ArchiveInRequest> {
    private final ContainerRegistry registry;
    private final StreamObserver<Empty> out;
    private Container container;
    private String path;
    private boolean noOverwriteDirNonDir;
    private java.util.List<String> throughMounts = java.util.List.of();
    private Path spool;
    private OutputStream spooled;
    private boolean failed;

    ArchiveInStream(ContainerRegistry registry, StreamObserver<Empty> out) {
        this.registry = registry;
        this.out = out;
    }

    @Override
    public synchronized void onNext(ArchiveInRequest request) {
        if (failed) {
            return;
        }
        try {
            if (container == null) {
                if (request.getId().isEmpty()) {
                    throw Errors.invalid("the first archive request must name the container (id)");
                }
                container = registry.get(request.getId());
                container.requireLive();
                path = request.getPath();
                FilesystemCalls.absolute(path);
                noOverwriteDirNonDir = request.getNoOverwriteDirNonDir();
                throughMounts = java.util.List.copyOf(request.getThroughMountsList());
                spool = Files.createTempFile(container.store.dir(), "archive-in-", ".tar");
                spooled = Files.newOutputStream(spool);
            }
            request.getData().writeTo(spooled);
        } catch (Exception e) {
            fail(e);
        }
    }

    @Override
    public synchronized void onError(Throwable t) {
        cleanUp();
    }

    @Override
    public synchronized void onCompleted() {
        if (failed) {
            return;
        }
        try {
            if (container == null) {
                throw Errors.invalid("no archive request was sent");
            }
            spooled.close();
            try (InputStream tar = Files.newInputStream(spool)) {
                FilesystemCalls.archiveIn(container, path, noOverwriteDirNonDir, throughMounts, tar);
            }
        } catch (Exception e) {
            fail(e);
            return;
        } finally {
            cleanUp();
        }
        out.onNext(Empty.getDefaultInstance());
        out.onCompleted();
    }

    private void fail(Exception e) {
        failed = true;
        cleanUp();
        out.onError(TaskService.toStatus(e));
    }

    private void cleanUp() {
        try {
            if (spooled != null) {
                spooled.close();
            }
            if (spool != null) {
                Files.deleteIfExists(spool);
            }
        } catch (IOException ignored) {
            // a leftover spool file is removed with the container
        }
    }
}
