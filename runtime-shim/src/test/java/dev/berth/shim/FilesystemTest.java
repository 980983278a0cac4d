package dev.berth.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.berth.api.runtime.v1.ArchiveChunk;
import dev.berth.api.runtime.v1.ArchiveInRequest;
import dev.berth.api.runtime.v1.ArchiveOutRequest;
import dev.berth.api.runtime.v1.Change;
import dev.berth.api.runtime.v1.ChangesRequest;
import dev.berth.api.runtime.v1.StartRequest;
import dev.berth.api.runtime.v1.StatPathRequest;
import dev.berth.api.runtime.v1.StatPathResponse;
import dev.berth.api.runtime.v1.TaskGrpc;
import dev.berth.api.runtime.v1.WaitRequest;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * StatPath, ArchiveOut, ArchiveIn and Changes on a container's mounted rootfs, with symlinks
 * that point at "/" and climb with "../../": nothing outside the rootfs is read or written.
 */
class FilesystemTest {
    private static final String SECRET = "host secret";

    @TempDir
    Path dir;
    private ShimRig rig;
    private TaskGrpc.TaskBlockingStub host;
    private BusyboxBundle c;
    private Path outside;

    @BeforeEach
    void createContainer() throws Exception {
        rig = new ShimRig(dir, ShimRig.Mode.SHARED);
        host = rig.stub("shared");
        c = rig.container(List.of("true"));
        // rootfs is <dir>/<id>/bundle/rootfs: three levels up is <dir>, where the secret is
        outside = Files.writeString(dir.resolve("secret-outside"), SECRET);
        Files.createSymbolicLink(c.image.resolve("escape"), Path.of("/"));
        Files.createSymbolicLink(c.image.resolve("up"), Path.of("../../../"));
        Files.createSymbolicLink(c.image.resolve("secretlink"), Path.of("../../../secret-outside"));
        Files.createSymbolicLink(c.image.resolve("loop"), Path.of("loop"));
        host.create(rig.createRequest(c).clearRootfs().addRootfs(c.overlayMount()).build());
    }

    @AfterEach
    void cleanUp() throws Exception {
        rig.close();
        assertEquals(SECRET, Files.readString(outside), "the file outside the rootfs is untouched");
        for (String link : List.of("escape", "up", "secretlink", "loop")) {
            Files.deleteIfExists(c.image.resolve(link)); // JUnit warns about links out of @TempDir
        }
        Files.deleteIfExists(c.dir.resolve("upper/lnk"));
    }

    private StatPathResponse stat(String path) {
        return host.statPath(StatPathRequest.newBuilder().setId(c.id).setPath(path).build());
    }

    private StatusRuntimeException refused(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run);
    }

    private Map<String, byte[]> archiveOut(String path) throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        Iterator<ArchiveChunk> chunks = host.archiveOut(ArchiveOutRequest.newBuilder().setId(c.id).setPath(path).build());
        chunks.forEachRemaining(chunk -> tar.writeBytes(chunk.getData().toByteArray()));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar.toByteArray()))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.put(entry.getName() + (entry.isSymbolicLink() ? " -> " + entry.getLinkName() : ""), in.readAllBytes());
            }
        }
        return entries;
    }

    private void archiveIn(String path, byte[] tar) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamObserver<ArchiveInRequest> requests = TaskGrpc.newStub(rig.channel("shared")).archiveIn(new StreamObserver<>() {
            @Override
            public void onNext(com.google.protobuf.Empty value) {}

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(null);
            }
        });
        requests.onNext(ArchiveInRequest.newBuilder().setId(c.id).setPath(path).setNoOverwriteDirNonDir(true).build());
        for (int i = 0; i < tar.length; i += 1000) {
            requests.onNext(ArchiveInRequest.newBuilder().setData(ByteString.copyFrom(tar, i, Math.min(1000, tar.length - i))).build());
        }
        requests.onCompleted();
        try {
            done.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    /** A tar of entries: name -> content (null: a directory; "->target": a symlink; "=>target": a hard link). */
    private static byte[] tar(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                String value = e.getValue();
                TarArchiveEntry entry;
                if (value == null) {
                    entry = new TarArchiveEntry(e.getKey(), TarConstants.LF_DIR);
                    entry.setMode(0750);
                } else if (value.startsWith("->")) {
                    entry = new TarArchiveEntry(e.getKey(), TarConstants.LF_SYMLINK);
                    entry.setLinkName(value.substring(2));
                } else if (value.startsWith("=>")) {
                    entry = new TarArchiveEntry(e.getKey(), TarConstants.LF_LINK);
                    entry.setLinkName(value.substring(2));
                    entry.setMode(0640); // a hard link's header carries its file's mode, which is applied again
                } else {
                    entry = new TarArchiveEntry(e.getKey());
                    entry.setSize(value.getBytes(StandardCharsets.UTF_8).length);
                    entry.setMode(0640);
                }
                entry.setUserId(1000);
                entry.setGroupId(50);
                entry.setModTime(1_600_000_000_000L);
                tar.putArchiveEntry(entry);
                if (value != null && !value.startsWith("->") && !value.startsWith("=>")) {
                    tar.write(value.getBytes(StandardCharsets.UTF_8));
                }
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void statPathReportsDockersFieldsAndResolvesSymlinksInsideTheRootfs() {
        StatPathResponse passwd = stat("/etc/passwd");
        assertEquals("passwd", passwd.getName());
        assertEquals(c.image.resolve("etc/passwd").toFile().length(), passwd.getSize());
        assertEquals(0644, passwd.getMode());
        assertTrue(passwd.getMtime().getSeconds() > 0);
        assertEquals((1 << 31) | 0755, stat("/etc").getMode(), "ModeDir");
        assertEquals("/", stat("/").getName());

        StatPathResponse up = stat("/up");
        assertEquals(1 << 27, up.getMode() & (1 << 27), "ModeSymlink");
        assertEquals("/", up.getLinkTarget(), "../../../ stops at the rootfs's root");
        assertEquals("/", stat("/escape").getLinkTarget());
        assertEquals("/secret-outside", stat("/secretlink").getLinkTarget());

        StatusRuntimeException missing = refused(() -> stat("/nope"));
        assertEquals(Code.NOT_FOUND, missing.getStatus().getCode());
        assertEquals("Could not find the file /nope in container " + c.id, missing.getStatus().getDescription());
        assertEquals(Code.NOT_FOUND, refused(() -> stat("/up/secret-outside")).getStatus().getCode());
        assertEquals(Code.NOT_FOUND, refused(() -> stat("/escape/../../secret-outside")).getStatus().getCode());
        assertEquals(Code.INVALID_ARGUMENT, refused(() -> stat("/loop/x")).getStatus().getCode(), "a symlink loop");
        assertEquals(Code.NOT_FOUND, refused(() -> host.statPath(StatPathRequest.newBuilder().setId("ghost").setPath("/").build()))
                .getStatus().getCode());
    }

    @Test
    void archiveOutTarsWhatIsInsideAndNeverFollowsALinkOut() throws Exception {
        Map<String, byte[]> etc = archiveOut("/etc");
        assertTrue(etc.containsKey("etc/"), etc.keySet().toString());
        assertEquals(Files.readString(c.image.resolve("etc/passwd")), new String(etc.get("etc/passwd"), StandardCharsets.UTF_8));
        assertTrue(etc.containsKey("etc/group"));

        Map<String, byte[]> viaRoot = archiveOut("/escape/etc/passwd");
        assertEquals(List.of("passwd"), List.copyOf(viaRoot.keySet()));
        assertEquals(Files.readString(c.image.resolve("etc/passwd")), new String(viaRoot.get("passwd"), StandardCharsets.UTF_8),
                "a symlink to / is the container's root, not the host's");
        assertEquals(List.of("secretlink -> ../../../secret-outside"), List.copyOf(archiveOut("/secretlink").keySet()),
                "a symlink is archived as a symlink");
        assertEquals(Code.NOT_FOUND, refused(() -> {
            try {
                archiveOut("/up/secret-outside");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }).getStatus().getCode());
        Map<String, byte[]> contents = archiveOut("/etc/.");
        assertTrue(contents.containsKey("./passwd"), contents.keySet().toString());
    }

    @Test
    void archiveInExtractsUnderThePathAndStaysInsideTheRootfs() throws Exception {
        String marker = "evil-" + UUID.randomUUID();
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("dir/", null);
        entries.put("dir/file.txt", "hello");
        entries.put("dir/hard", "=>dir/file.txt");
        entries.put("lnk", "->/");
        entries.put("lnk/" + marker, "through a symlink to /");
        archiveIn("/up", tar(entries)); // /up points at ../../../: that is the rootfs's root
        Path rootfs = c.rootfs();
        assertEquals("hello", Files.readString(rootfs.resolve("dir/file.txt")));
        assertEquals("hello", Files.readString(rootfs.resolve("dir/hard")));
        StatPathResponse file = stat("/dir/file.txt");
        assertEquals(0640, file.getMode());
        assertEquals(1_600_000_000L, file.getMtime().getSeconds());
        assertEquals(1000, (int) Files.getAttribute(rootfs.resolve("dir/file.txt"), "unix:uid"));
        assertEquals(50, (int) Files.getAttribute(rootfs.resolve("dir/file.txt"), "unix:gid"));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(rootfs.resolve("dir"))));
        assertEquals(1_600_000_000L, stat("/dir").getMtime().getSeconds(), "directory times are set after their entries");
        assertTrue(Files.exists(rootfs.resolve(marker)), "a file under a symlink to / lands in the rootfs's root");
        assertFalse(Files.exists(Path.of("/", marker)), "and not in the host's");
        assertFalse(Files.exists(dir.resolve("dir")), "nothing is written three levels above the rootfs");

        StatusRuntimeException climbing = assertThrows(StatusRuntimeException.class,
                () -> archiveIn("/tmp", tar(Map.of("../../../../" + marker, "x"))));
        assertEquals(Code.INVALID_ARGUMENT, climbing.getStatus().getCode());
        StatusRuntimeException hardLinkOut = assertThrows(StatusRuntimeException.class,
                () -> archiveIn("/tmp", tar(Map.of("hl", "=>../../../secret-outside"))));
        assertEquals(Code.INVALID_ARGUMENT, hardLinkOut.getStatus().getCode());
        assertFalse(Files.exists(dir.resolve(marker)));
        StatusRuntimeException notADirectory = assertThrows(StatusRuntimeException.class,
                () -> archiveIn("/etc/passwd", tar(Map.of("x", "x"))));
        assertEquals(Code.INVALID_ARGUMENT, notADirectory.getStatus().getCode());
        assertEquals("extraction point is not a directory", notADirectory.getStatus().getDescription());
        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class, () -> archiveIn("/nope", tar(Map.of("x", "x"))));
        assertEquals(Code.NOT_FOUND, missing.getStatus().getCode());
        StatusRuntimeException dirOverFile = assertThrows(StatusRuntimeException.class,
                () -> archiveIn("/", tar(Map.of("etc", "a file over a directory"))));
        assertEquals(Code.INVALID_ARGUMENT, dirOverFile.getStatus().getCode());
        assertTrue(Files.isDirectory(rootfs.resolve("etc")));
    }

    @Test
    void aReadOnlyRootfsRefusesArchiveIn() throws Exception {
        BusyboxBundle readOnly = rig.container(List.of("true"));
        Path config = readOnly.bundle.resolve("config.json");
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(config.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("root")).put("readonly", true);
        json.writeValue(config.toFile(), tree);
        host.create(rig.createRequest(readOnly).build());
        BusyboxBundle saved = c;
        c = readOnly;
        try {
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> archiveIn("/tmp", tar(Map.of("x", "x"))));
            assertEquals(Code.FAILED_PRECONDITION, refused.getStatus().getCode());
            assertEquals("container rootfs is marked read-only", refused.getStatus().getDescription());
            assertEquals("passwd", stat("/etc/passwd").getName(), "reading is fine");
        } finally {
            c = saved;
        }
    }

    @Test
    void changesListWhatTheContainerAddedChangedAndDeleted() throws Exception {
        BusyboxBundle d = rig.container(List.of("sh", "-c",
                "echo x > /tmp/new; mkdir -p /a/b; echo y > /a/b/c; rm /bin/yes; echo more >> /etc/group; chmod 700 /home"));
        Path hostname = Files.writeString(d.dir.resolve("hostname"), "box\n");
        d.bindFile(hostname, "/etc/hostname");
        d.writeConfig(List.of("sh", "-c",
                "echo x > /tmp/new; mkdir -p /a/b; echo y > /a/b/c; rm /bin/yes; echo more >> /etc/group; chmod 700 /home"));
        host.create(rig.createRequest(d).clearRootfs().addRootfs(d.overlayMount()).build());
        host.start(StartRequest.newBuilder().setId(d.id).build());
        assertEquals(0, host.wait(WaitRequest.newBuilder().setId(d.id).build()).getExitStatus());

        List<Change> changes = host.changes(ChangesRequest.newBuilder().setId(d.id).addLower(d.lowerMount()).build()).getChangesList();
        List<String> listed = changes.stream().map(ch -> ch.getKind().name().charAt(0) + " " + ch.getPath()).toList();
        assertEquals(List.of("A /a", "A /a/b", "A /a/b/c", "M /bin", "D /bin/yes", "M /etc", "M /etc/group", "M /home", "M /tmp",
                "A /tmp/new"), listed);
        try (var left = Files.list(rig.state.resolve(d.id))) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith("changes-")), "the lower mount is gone");
        }
    }
}
