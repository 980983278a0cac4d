package dev.berth.gateway.container.runtime;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import dev.berth.api.containerd.snapshots.v1.RemoveSnapshotRequest;
import dev.berth.api.containerd.snapshots.v1.ViewSnapshotRequest;
import dev.berth.api.containerd.types.Mount;
import dev.berth.api.runtime.v1.ArchiveChunk;
import dev.berth.api.runtime.v1.ArchiveInRequest;
import dev.berth.api.runtime.v1.Change;
import dev.berth.api.runtime.v1.StatPathResponse;
import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.config.ServiceClients;
import dev.berth.gateway.container.FileChange;
import dev.berth.gateway.container.PathStat;
import dev.berth.gateway.image.ImageService;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A container's root filesystem as docker cp, diff and export see it, read and written by its
 * shim where the rootfs is mounted (never by the gateway, which owns no snapshot directory).
 */
final class ContainerFilesystem {
    private static final int CHUNK = 64 * 1024;

    private final ContainerRegistry registry;
    private final ContainerTasks tasks;
    private final ServiceClients clients;
    private final ImageService images;

    ContainerFilesystem(ContainerRegistry registry, ContainerTasks tasks, ServiceClients clients, ImageService images) {
        this.registry = registry;
        this.tasks = tasks;
        this.clients = clients;
        this.images = images;
    }

    private TaskClient task(String ref) {
        ManagedContainer container = registry.get(ref);
        container.lock.lock();
        try {
            return tasks.ensureCreated(container);
        } finally {
            container.lock.unlock();
        }
    }

    PathStat statPath(String ref, String path, List<String> throughMounts) {
        TaskClient task = task(ref);
        try {
            StatPathResponse stat = task.statPath(path, throughMounts);
            return new PathStat(stat.getName(), stat.getSize(), Integer.toUnsignedLong(stat.getMode()),
                    TaskClient.instant(stat.getMtime()), stat.getLinkTarget());
        } catch (StatusRuntimeException e) {
            throw toDocker(e, task.id(), path);
        }
    }

    /** The tar of a path; errors before the first byte (a missing path) are thrown here. */
    InputStream archive(String ref, String path, List<String> throughMounts) {
        TaskClient task = task(ref);
        Iterator<ArchiveChunk> chunks = task.archiveOut(path, throughMounts);
        try {
            boolean any = chunks.hasNext(); // the first answer tells whether the path exists
            return new ChunkStream(any ? chunks : java.util.Collections.emptyIterator());
        } catch (StatusRuntimeException e) {
            throw toDocker(e, task.id(), path);
        }
    }

    void extract(String ref, String path, InputStream tar, boolean noOverwriteDirNonDir, List<String> throughMounts) {
        TaskClient task = task(ref);
        CompletableFuture<Void> done = new CompletableFuture<>();
        Uploader uploader = new Uploader(done);
        task.archiveIn(uploader);
        try {
            byte[] buffer = new byte[CHUNK];
            ArchiveInRequest.Builder first = ArchiveInRequest.newBuilder().setId(task.id()).setPath(path)
                    .setNoOverwriteDirNonDir(noOverwriteDirNonDir).addAllThroughMounts(throughMounts);
            uploader.send(first.build());
            int n;
            while ((n = tar.read(buffer)) > 0 && !done.isDone()) {
                uploader.send(ArchiveInRequest.newBuilder().setData(ByteString.copyFrom(buffer, 0, n)).build());
            }
            uploader.requests.onCompleted();
            done.get(10, TimeUnit.MINUTES);
        } catch (IOException e) {
            uploader.requests.cancel("the client's upload failed", e);
            throw DockerApiException.badRequest("failed to read the archive: " + e.getMessage());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatusRuntimeException grpc) {
                throw toDocker(grpc, task.id(), path);
            }
            throw DockerApiException.serverError("extraction failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            uploader.requests.cancel("interrupted", e);
            throw DockerApiException.serverError("interrupted", e);
        } catch (java.util.concurrent.TimeoutException e) {
            uploader.requests.cancel("timed out", e);
            throw DockerApiException.serverError("extraction timed out", e);
        }
    }

    List<FileChange> changes(String ref) {
        ManagedContainer container = registry.get(ref);
        TaskClient task = task(ref);
        String chainId = images.inspect(container.record().imageId()).chainId();
        String viewKey = "diff-" + container.id + "-" + ContainerIds.generate().substring(0, 8);
        List<Mount> lower = List.of();
        boolean viewed = false;
        try {
            if (chainId != null && !chainId.isEmpty()) {
                lower = clients.snapshots().withDeadlineAfter(30, TimeUnit.SECONDS).withWaitForReady()
                        .view(ViewSnapshotRequest.newBuilder().setSnapshotter(clients.snapshotterName())
                                .setKey(viewKey).setParent(chainId).build())
                        .getMountsList();
                viewed = true;
            }
            List<FileChange> changes = new ArrayList<>();
            for (Change change : task.changes(lower).getChangesList()) {
                changes.add(new FileChange(change.getPath(), change.getKindValue()));
            }
            return changes;
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.toDocker("failed to list the changes of " + container.id, e);
        } finally {
            if (viewed) {
                try {
                    clients.snapshots().withDeadlineAfter(30, TimeUnit.SECONDS)
                            .remove(RemoveSnapshotRequest.newBuilder().setSnapshotter(clients.snapshotterName())
                                    .setKey(viewKey).build());
                } catch (StatusRuntimeException ignored) {
                    // a view left behind holds no data of its own; the snapshotter's Cleanup takes it
                }
            }
        }
    }

    private static DockerApiException toDocker(StatusRuntimeException e, String id, String path) {
        if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
            String message = e.getStatus().getDescription();
            return new DockerApiException(404, message != null && !message.isEmpty() ? message
                    : "Could not find the file " + path + " in container " + id);
        }
        if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT || e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION) {
            return DockerApiException.badRequest(e.getStatus().getDescription());
        }
        return GrpcErrors.toDocker("archive of " + path + " in " + id, e);
    }

    /** The shim's chunks as a stream. */
    private static final class ChunkStream extends InputStream {
        private final Iterator<ArchiveChunk> chunks;
        private ByteString current = ByteString.EMPTY;
        private int position;

        ChunkStream(Iterator<ArchiveChunk> chunks) {
            this.chunks = chunks;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            while (position >= current.size()) {
                try {
                    if (!chunks.hasNext()) {
                        return -1;
                    }
                    current = chunks.next().getData();
                    position = 0;
                } catch (StatusRuntimeException e) {
                    throw new IOException("archive stream failed: " + e.getStatus(), e);
                }
            }
            int n = Math.min(length, current.size() - position);
            current.substring(position, position + n).copyTo(buffer, offset);
            position += n;
            return n;
        }
    }

    /** Sends an upload with gRPC's flow control, so a fast client cannot pile up memory here. */
    private static final class Uploader implements ClientResponseObserver<ArchiveInRequest, Empty> {
        private final CompletableFuture<Void> done;
        ClientCallStreamObserver<ArchiveInRequest> requests;

        Uploader(CompletableFuture<Void> done) {
            this.done = done;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<ArchiveInRequest> stream) {
            this.requests = stream;
            stream.setOnReadyHandler(() -> {
                synchronized (this) {
                    notifyAll();
                }
            });
        }

        void send(ArchiveInRequest request) throws InterruptedException {
            synchronized (this) {
                while (!requests.isReady() && !done.isDone()) {
                    wait(100);
                }
            }
            if (!done.isDone()) {
                requests.onNext(request);
            }
        }

        @Override
        public void onNext(Empty value) {
        }

        @Override
        public void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {
            done.complete(null);
        }
    }
}
