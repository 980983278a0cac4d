package dev.berth.cli.copy;

import dev.berth.cli.api.ApiException;
import dev.berth.cli.api.EngineClient;
import dev.berth.cli.api.Query;
import dev.berth.cli.http.HttpResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * docker cp CONTAINER:SRC DEST: GET /containers/{id}/archive?path=SRC and extract the tar
 * where docker would put it (into an existing directory, or as DEST itself), or stream the tar
 * to stdout for "-". With -L a source link is resolved first (HEAD for its stat).
 */
public final class CopyFromContainer {
    private final EngineClient client;
    private final String container;

    public CopyFromContainer(EngineClient client, String container) {
        this.client = client;
        this.container = container;
    }

    /**
     * @param destination "-" or a local path, already absolute (trailing "/" or "/." kept)
     * @return the bytes received
     */
    public long copy(String sourcePath, String destination, boolean followLink, OutputStream stdout) throws IOException, ApiException {
        if (!destination.equals("-")) {
            validateOutputPath(destination);
        }
        String source = sourcePath;
        String rebaseName = "";
        if (followLink) {
            PathStat stat = stat(source);
            if (stat != null && stat.isSymlink()) {
                String target = stat.linkTarget();
                if (!target.startsWith("/")) {
                    target = GoPath.join(GoPath.splitDirEntry(source)[0], target);
                }
                String[] rebased = LocalCopy.rebaseName(source, target);
                source = rebased[0];
                rebaseName = rebased[1];
            }
        }
        try (HttpResponse response = client.send(client.request("GET", "/containers/" + container + "/archive",
                Query.of().add("path", source)))) {
            PathStat stat;
            try {
                stat = PathStat.decode(response.header("X-Docker-Container-Path-Stat"));
            } catch (IOException e) {
                throw new IOException("unable to get resource stat from response: " + e.getMessage(), e);
            }
            CountingInputStream content = new CountingInputStream(response.body());
            if (destination.equals("-")) {
                content.transferTo(stdout);
                stdout.flush();
                return content.count();
            }
            LocalCopy.Info sourceInfo = new LocalCopy.Info(source, true, stat.isDirectory(), rebaseName);
            LocalCopy.Placement placement = LocalCopy.place(sourceInfo, LocalCopy.destination(destination));
            new TarExtractor(Path.of(placement.dir()), placement.oldBase(), placement.top()).extract(content);
            return content.count();
        }
    }

    private PathStat stat(String path) throws IOException {
        try (HttpResponse response = client.send(client.request("HEAD", "/containers/" + container + "/archive",
                Query.of().add("path", path)))) {
            return PathStat.decode(response.header("X-Docker-Container-Path-Stat"));
        } catch (ApiException | IOException e) {
            return null;
        }
    }

    /** command.ValidateOutputPath: the parent must exist; an existing target must be a directory or a regular file. */
    static void validateOutputPath(String path) throws IOException {
        String dir = GoPath.dir(GoPath.clean(path));
        if (!dir.isEmpty() && !dir.equals(".") && !Files.exists(Path.of(dir))) {
            throw new IOException("invalid output path: directory \"" + dir + "\" does not exist");
        }
        Path target = Path.of(path);
        if (Files.exists(target) && !Files.isDirectory(target) && !Files.isRegularFile(target)) {
            int type = ((Number) Files.getAttribute(target, "unix:mode")).intValue() & 0170000;
            if (type == 0020000 || type == 0060000) {
                throw new IOException("invalid output path: \"" + path + "\" must be a directory or a regular file: got a device");
            }
        }
    }
}
