package dev.berth.cli.copy;

import dev.berth.cli.api.ApiException;
import dev.berth.cli.api.EngineClient;
import dev.berth.cli.api.Query;
import dev.berth.cli.http.HttpResponse;
import dev.berth.cli.http.RequestBody;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.atomic.AtomicReference;

/**
 * docker cp SRC CONTAINER:DEST: HEAD the destination for its stat (following one link), decide
 * where the archive must be extracted so that DEST ends up as asked, then
 * PUT /containers/{id}/archive?path=DIR&noOverwriteDirNonDir=true with a tar built on the fly
 * (or stdin's tar for "-", which needs a directory destination).
 */
public final class CopyToContainer {
    private final EngineClient client;
    private final String container;

    public CopyToContainer(EngineClient client, String container) {
        this.client = client;
        this.container = container;
    }

    /**
     * @param source "-" or an absolute local path (trailing "/" or "/." kept)
     * @return the bytes sent, and the destination path as docker reports it
     */
    public Result copy(String source, String destinationPath, boolean followLink, boolean copyUidGid, InputStream stdin)
            throws IOException, ApiException {
        String destination = destinationPath;
        PathStat stat = stat(destination);
        if (stat != null && stat.isSymlink()) {
            String target = stat.linkTarget();
            if (!target.startsWith("/")) {
                target = GoPath.join(GoPath.splitDirEntry(destination)[0], target);
            }
            destination = target;
            stat = stat(target);
        }
        if (stat != null && stat.unsupportedType() != null) {
            throw new IOException("destination \"" + container + ":" + destinationPath + "\" must be a directory or a regular file: "
                    + stat.unsupportedType());
        }
        LocalCopy.Info destinationInfo = new LocalCopy.Info(destination, stat != null, stat != null && stat.isDirectory(), "");
        String extractDir;
        CountingInputStream content;
        AtomicReference<IOException> archiveFailure = new AtomicReference<>();
        if (source.equals("-")) {
            if (!destinationInfo.isDir()) {
                throw new IOException("destination \"" + container + ":" + destinationPath + "\" must be a directory");
            }
            extractDir = destination;
            content = new CountingInputStream(stdin);
        } else {
            LocalCopy.Info sourceInfo = LocalCopy.source(source, followLink);
            LocalCopy.Placement placement = LocalCopy.place(sourceInfo, destinationInfo);
            extractDir = placement.dir();
            String top = placement.top() != null ? placement.top() : "";
            content = new CountingInputStream(archive(sourceInfo.path(), top, archiveFailure));
        }
        Query query = Query.of().add("path", extractDir).add("noOverwriteDirNonDir", "true");
        if (copyUidGid) {
            query.add("copyUIDGID", "true");
        }
        try (HttpResponse response = client.send(client.request("PUT", "/containers/" + container + "/archive", query)
                .withBody(RequestBody.stream("application/x-tar", content, -1)))) {
            response.bodyBytes();
        }
        if (archiveFailure.get() != null) {
            throw archiveFailure.get();
        }
        return new Result(content.count(), destination);
    }

    /** What was sent and where it went. */
    public record Result(long bytes, String destination) {
    }

    /** The source's tar, written by a background thread as the request body is sent. */
    private static InputStream archive(String path, String rebaseName, AtomicReference<IOException> failure) throws IOException {
        PipedInputStream in = new PipedInputStream(64 * 1024);
        PipedOutputStream out = new PipedOutputStream(in);
        Thread writer = new Thread(() -> {
            try (out) {
                TarArchiver.write(path, rebaseName, out);
            } catch (IOException e) {
                failure.set(e);
            }
        }, "cp-archive");
        writer.setDaemon(true);
        writer.start();
        return in;
    }

    private PathStat stat(String path) {
        try (HttpResponse response = client.send(client.request("HEAD", "/containers/" + container + "/archive",
                Query.of().add("path", path)))) {
            return PathStat.decode(response.header("X-Docker-Container-Path-Stat"));
        } catch (ApiException | IOException e) {
            return null;
        }
    }
}
