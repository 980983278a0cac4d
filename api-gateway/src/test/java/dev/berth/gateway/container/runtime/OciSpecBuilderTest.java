package dev.berth.gateway.container.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.gateway.api.DockerApiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciSpecBuilderTest {
    static final String ID = "a".repeat(64);

    @TempDir Path tmp;
    Path upper;
    Path lower;
    ContainerPaths paths;

    @BeforeEach
    void layers() throws IOException {
        upper = Files.createDirectories(tmp.resolve("upper"));
        lower = Files.createDirectories(tmp.resolve("lower/etc")).getParent();
        Files.writeString(lower.resolve("etc/passwd"), """
                root:x:0:0:root:/root:/bin/sh
                # a comment
                daemon:x:1:1:daemon:/usr/sbin:/bin/false
                app:x:1000:1001:app:/home/app:/bin/sh
                """);
        Files.writeString(lower.resolve("etc/group"), """
                root:x:0:
                wheel:x:10:root
                app:x:1001:
                staff:x:50:app,other
                docker:x:999:other,app
                """);
        paths = new ContainerPaths(tmp.resolve("containers"), tmp.resolve("bundles"), tmp.resolve("shims"));
    }

    private OciSpec build(String user, String networkMode, String netns, long nofile) {
        return build(Fixtures.record(ID, "x", Fixtures.config(user, List.of("FOO=bar"), "", false),
                Fixtures.host(networkMode, false, false)), netns, nofile);
    }

    private OciSpec build(ContainerRecord record, String netns, long nofile) {
        return OciSpecBuilder.build(new OciSpecBuilder.Input(record, List.of(upper, lower), netns, nofile, paths));
    }

    @Test
    void processOfDockersDefaults() {
        OciSpec spec = build("", "bridge", "/run/netns/x", 1 << 30);
        assertEquals("1.0.2", spec.ociVersion());
        assertEquals(List.of("echo", "hi"), spec.process().args());
        assertEquals(List.of("PATH=" + OciSpecBuilder.DEFAULT_PATH, "HOSTNAME=abc123def456", "FOO=bar"), spec.process().env());
        assertEquals("/", spec.process().cwd());
        assertFalse(spec.process().terminal());
        assertEquals(0, spec.process().user().uid());
        assertEquals(0, spec.process().user().gid());
        assertEquals(List.of(10), spec.process().user().additionalGids(), "root is in wheel in the image's group file");
        assertEquals(14, spec.process().capabilities().bounding().size());
        assertEquals(spec.process().capabilities().bounding(), spec.process().capabilities().effective());
        assertEquals(0, spec.process().oomScoreAdj());
        assertEquals("rootfs", spec.root().path());
        assertFalse(spec.root().readonly());
        assertEquals("abc123def456", spec.hostname());
        assertEquals("/berth/" + ID, spec.linux().cgroupsPath());
        assertTrue(spec.linux().maskedPaths().contains("/proc/kcore"));
        assertTrue(spec.linux().readonlyPaths().contains("/proc/sys"));
        OciSpec.DeviceRule denyAll = spec.linux().resources().devices().getFirst();
        assertFalse(denyAll.allow());
        assertEquals("rwm", denyAll.access());
        assertTrue(spec.linux().resources().devices().stream()
                .anyMatch(d -> d.allow() && Long.valueOf(1).equals(d.major()) && Long.valueOf(3).equals(d.minor())));
    }

    @Test
    void rlimitIsCappedByTheHostsHardLimit() {
        assertEquals(1048576, build("", "bridge", null, Long.MAX_VALUE).process().rlimits().getFirst().hard());
        OciSpec.Rlimit capped = build("", "bridge", null, 4096).process().rlimits().getFirst();
        assertEquals("RLIMIT_NOFILE", capped.type());
        assertEquals(4096, capped.hard());
        assertEquals(4096, capped.soft());
    }

    @Test
    void usersResolveFromTheLayersPasswdAndGroup() {
        OciSpec.User app = build("app", "bridge", null, 1024).process().user();
        assertEquals(1000, app.uid());
        assertEquals(1001, app.gid());
        assertEquals(List.of(50, 999), app.additionalGids());

        OciSpec.User numeric = build("1000:1000", "bridge", null, 1024).process().user();
        assertEquals(1000, numeric.uid());
        assertEquals(1000, numeric.gid());
        assertNull(numeric.additionalGids(), "an explicit group means no supplementary groups");

        OciSpec.User uidOnly = build("1000", "bridge", null, 1024).process().user();
        assertEquals(1001, uidOnly.gid(), "the passwd entry of the uid gives the group");

        OciSpec.User unknownUid = build("4242", "bridge", null, 1024).process().user();
        assertEquals(4242, unknownUid.uid());
        assertEquals(0, unknownUid.gid());

        OciSpec.User named = build("daemon:staff", "bridge", null, 1024).process().user();
        assertEquals(1, named.uid());
        assertEquals(50, named.gid());
    }

    @Test
    void unknownUserOrGroupIsTheClientsMistake() {
        DockerApiException user = assertThrows(DockerApiException.class, () -> build("nobody", "bridge", null, 1024));
        assertEquals(400, user.status());
        assertEquals("unable to find user nobody: no matching entries in passwd file", user.getMessage());
        DockerApiException group = assertThrows(DockerApiException.class, () -> build("app:nogroup", "bridge", null, 1024));
        assertEquals("unable to find group nogroup: no matching entries in group file", group.getMessage());
    }

    @Test
    void upperLayerHidesLowerAndSymlinksAreNeverFollowed() throws IOException {
        Files.createDirectories(upper.resolve("etc"));
        Files.writeString(upper.resolve("etc/passwd"), "root:x:0:0::/:/bin/sh\nnew:x:77:77::/:/bin/sh\n");
        assertEquals(77, build("new", "bridge", null, 1024).process().user().uid());
        assertThrows(DockerApiException.class, () -> build("app", "bridge", null, 1024));

        // A symlink to a host file reads as no file at all, never as the host's passwd.
        Files.delete(upper.resolve("etc/passwd"));
        Path hostFile = Files.writeString(tmp.resolve("host-passwd"), "evil:x:5:5::/:/bin/sh\n");
        Files.createSymbolicLink(upper.resolve("etc/passwd"), hostFile);
        assertThrows(DockerApiException.class, () -> build("evil", "bridge", null, 1024));
    }

    @Test
    void namespacesFollowTheNetworkMode() {
        OciSpec bridge = build("", "bridge", "/run/berth/netns/x", 1024);
        assertEquals(List.of("pid", "ipc", "uts", "mount", "network"),
                bridge.linux().namespaces().stream().map(OciSpec.Namespace::type).toList());
        assertEquals("/run/berth/netns/x", bridge.linux().namespaces().getLast().path());

        OciSpec none = build("", "none", "/run/berth/netns/y", 1024);
        assertEquals("/run/berth/netns/y", none.linux().namespaces().getLast().path());

        OciSpec host = build("", "host", null, 1024);
        assertEquals(List.of("pid", "ipc", "mount"), host.linux().namespaces().stream().map(OciSpec.Namespace::type).toList());
        assertNull(host.hostname(), "without a UTS namespace runc refuses a hostname");
    }

    @Test
    void mountsAreDockersAndTheContainersEtcFiles() {
        List<OciSpec.Mount> mounts = build("", "bridge", null, 1024).mounts();
        List<String> destinations = mounts.stream().map(OciSpec.Mount::destination).toList();
        assertEquals(List.of("/proc", "/dev", "/dev/pts", "/sys", "/sys/fs/cgroup", "/dev/mqueue", "/dev/shm",
                "/etc/resolv.conf", "/etc/hostname", "/etc/hosts"), destinations);
        OciSpec.Mount shm = mounts.get(6);
        assertEquals("tmpfs", shm.type());
        assertTrue(shm.options().contains("size=65536k"));
        OciSpec.Mount hosts = mounts.getLast();
        assertEquals("bind", hosts.type());
        assertEquals(paths.hostsFile(ID).toString(), hosts.source());
        assertEquals(List.of("rbind", "rprivate"), hosts.options());
        assertTrue(mounts.get(3).options().contains("ro"), "sysfs is read-only");
    }

    @Test
    void ttyWorkingDirReadonlyAndPrivileged() {
        ContainerRecord record = Fixtures.record(ID, "x",
                Fixtures.config("", List.of("PATH=/bin", "HOSTNAME"), "/work", true), Fixtures.host("bridge", true, true));
        OciSpec spec = build(record, null, 1024);
        assertTrue(spec.process().terminal());
        assertEquals(List.of("PATH=/bin", "TERM=xterm"), spec.process().env(), "PATH replaced, a bare name unsets");
        assertEquals("/work", spec.process().cwd());
        assertTrue(spec.root().readonly());
        assertEquals(OciSpecBuilder.ALL_CAPABILITIES, spec.process().capabilities().bounding());
        assertNull(spec.linux().maskedPaths());
        assertNull(spec.linux().readonlyPaths());
        assertTrue(spec.linux().resources().devices().getFirst().allow());
        assertTrue(spec.mounts().getLast().options().contains("ro"));
    }

    @Test
    void bindsNeedAbsoluteHostPaths() {
        assertEquals(new OciSpec.Mount("/data", "bind", "/srv/data", List.of("rbind", "rprivate", "ro")),
                OciSpecBuilder.bindMount("/srv/data:/data:ro"));
        assertEquals(400, assertThrows(DockerApiException.class, () -> OciSpecBuilder.bindMount("volume:/data")).status());
        assertEquals(400, assertThrows(DockerApiException.class, () -> OciSpecBuilder.bindMount("/a:/b:bogus")).status());
    }

    @Test
    void hostLimitsParse() {
        String limits = """
                Limit                     Soft Limit           Hard Limit           Units
                Max open files            1024                 524288               files
                """;
        assertEquals(524288, HostLimits.parseNofileHard(limits));
        assertEquals(Long.MAX_VALUE, HostLimits.parseNofileHard("Max open files            unlimited            unlimited            files\n"));
        assertTrue(HostLimits.nofileHardLimit() > 0);
    }
}
