package dev.berth.gateway.build;

import dev.berth.gateway.image.ArchiveStreams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.dockerfile.ignore.GoPath;
import dev.berth.dockerfile.instruction.AddInstruction;
import dev.berth.dockerfile.instruction.CopyInstruction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * COPY and ADD as moby's performCopy: the sources resolved and hashed first (the cache key is
 * {@code #(nop) COPY file:<hash> in <dest> }), then on a miss the files written into a container
 * of the image through the archive API (owned by root, or --chown, or as they were for COPY --from),
 * ADD's local archives unpacked and its URLs fetched, and the container's changes committed.
 */
final class CopyStep {
    private static final String BUILDKIT = " option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled";

    /** A resolved source with how it is copied. */
    private record Info(CopySources.Source source, boolean decompress) {}

    private final BuildSession session;

    CopyStep(BuildSession session) {
        this.session = session;
    }

    void copy(CopyInstruction copy, BuildState state, int stageIndex) {
        if (copy.chmod().isPresent()) {
            throw new BuildFailure("the --chmod" + BUILDKIT);
        }
        Path root = session.context().root();
        String fromContainer = null;
        try {
            if (copy.from().isPresent()) {
                StageSource source = session.stageSource(copy.from().get(), stageIndex);
                fromContainer = source.container();
                root = source.fetch(copy.sources());
            }
            List<Info> infos = new ArrayList<>();
            for (String source : copy.sources()) {
                if (RemoteSource.isUrl(source)) {
                    throw new BuildFailure("COPY failed: source can't be a URL for COPY");
                }
                infos.addAll(resolve(new CopySources(root), source, false, "COPY"));
            }
            boolean preserveOwnership = copy.from().isPresent() && copy.chown().isEmpty();
            perform("COPY", infos, copy.destination(), copy.chown().orElse(""), preserveOwnership, state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (fromContainer != null) {
                session.containers().removeQuietly(fromContainer);
            }
        }
    }

    void add(AddInstruction add, BuildState state) {
        if (add.chmod().isPresent()) {
            throw new BuildFailure("the --chmod" + BUILDKIT);
        }
        try {
            List<Info> infos = new ArrayList<>();
            CopySources context = new CopySources(session.context().root());
            for (String source : add.sources()) {
                if (!RemoteSource.isUrl(source)) {
                    infos.addAll(resolve(context, source, true, "ADD"));
                    continue;
                }
                Path dir = session.context().scratch("download-" + session.nextScratch());
                RemoteSource.Download download;
                try {
                    download = RemoteSource.fetch(source, dir);
                } catch (BuildFailure e) {
                    throw new BuildFailure("ADD failed: " + e.getMessage());
                }
                String name = download.name();
                if (name.isEmpty() && add.destination().endsWith("/")) {
                    throw new BuildFailure("ADD failed: cannot determine filename for source " + source);
                }
                for (CopySources.Source s : new CopySources(dir).resolve(download.file().getFileName().toString())) {
                    infos.add(new Info(s, false)); // data from http is never unpacked
                }
            }
            perform("ADD", infos, add.destination(), add.chown().orElse(""), false, state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Info> resolve(CopySources sources, String source, boolean decompress, String instruction)
            throws IOException {
        try {
            return sources.resolve(source).stream().map(s -> new Info(s, decompress)).toList();
        } catch (BuildFailure e) {
            throw new BuildFailure(instruction + " failed: " + e.getMessage());
        }
    }

    private void perform(String instruction, List<Info> infos, String destination, String chown, boolean preserveOwnership,
            BuildState state) throws IOException {
        if (infos.isEmpty()) {
            throw new BuildFailure(instruction + " failed: no source files were specified");
        }
        if (infos.size() > 1 && !destination.endsWith("/")) {
            throw new BuildFailure("When using " + instruction
                    + " with more than one source file, the destination must be a directory and end with a /");
        }
        String hash = CopySources.combined(infos.stream().map(Info::source).toList());
        ObjectNode containerConfig = state.runConfig.deepCopy();
        RunConfigs.setStrings(containerConfig, "Cmd", HistoryFormat.nopCommandString(RunConfigs.shell(state.runConfig),
                HistoryFormat.copyComment(instruction, chown, hash, destination)));
        if (session.images().probe(state, containerConfig)) {
            return;
        }
        StepContainers containers = session.containers();
        String id = containers.createQuietly(containerConfig, session.images().containerImage(state));
        try {
            Optional<ChownSpec.Identity> identity = chown.isEmpty() ? Optional.empty()
                    : Optional.of(ChownSpec.parse(chown, session.containerService(), id));
            Integer uid = preserveOwnership ? null : identity.map(ChownSpec.Identity::uid).orElse(0);
            Integer gid = preserveOwnership ? null : identity.map(ChownSpec.Identity::gid).orElse(0);
            String dest = CopyDestination.normalize(RunConfigs.text(state.runConfig, "WorkingDir"), destination);
            for (Info info : infos) {
                copyOne(id, info, dest, uid, gid);
            }
            session.images().commit(state, id, null, containerConfig);
        } finally {
            containers.removeQuietly(id);
        }
    }

    private void copyOne(String container, Info info, String dest, Integer uid, Integer gid) throws IOException {
        StepFiles files = session.files();
        CopySources.Source source = info.source();
        int owner = uid == null ? 0 : uid;
        int group = gid == null ? 0 : gid;
        if (source.directory()) {
            String directory = CopyDestination.directory(dest);
            files.mkdirAll(container, directory, owner, group);
            files.copyContents(container, source.file(), directory, uid, gid);
            return;
        }
        if (info.decompress() && ContextArchive.isArchive(source.file())) {
            String directory = CopyDestination.directory(dest);
            files.mkdirAll(container, directory, 0, 0);
            try (InputStream tar = ArchiveStreams.decompressed(Files.newInputStream(source.file()))) {
                files.extractArchive(container, directory, tar);
            }
            return;
        }
        Boolean existing = files.isDirectory(container, CopyDestination.directory(dest));
        String target = CopyDestination.fileTarget(dest, source.name(), Boolean.TRUE.equals(existing));
        String parent = GoPath.dir(target);
        files.mkdirAll(container, parent, owner, group);
        files.copyFile(container, source.file(), parent, target.substring(target.lastIndexOf('/') + 1), uid, gid);
    }
}
