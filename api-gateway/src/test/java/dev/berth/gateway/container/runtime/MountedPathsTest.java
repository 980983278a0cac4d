package dev.berth.gateway.container.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.volume.MountPoint;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountedPathsTest {
    private static MountPoint mount(String type, String destination) {
        return new MountPoint(type, "", "/src", destination, "", "", true, "", false, null);
    }

    private final List<MountPoint> mounts = List.of(mount("volume", "/data"), mount("bind", "/data/conf"), mount("tmpfs", "/run/x"));

    @Test
    void findsTheDeepestMountAtOrAboveAPath() {
        assertEquals("/data", MountedPaths.covering(mounts, "/data").orElseThrow().destination());
        assertEquals("/data", MountedPaths.covering(mounts, "/data/file").orElseThrow().destination());
        assertEquals("/data/conf", MountedPaths.covering(mounts, "/data/conf/app.ini").orElseThrow().destination());
        assertEquals("/data", MountedPaths.covering(mounts, "data/../data/./f").orElseThrow().destination());
        assertTrue(MountedPaths.covering(mounts, "/database").isEmpty(), "a name that only starts like a mount");
        assertTrue(MountedPaths.covering(mounts, "/").isEmpty());
        assertTrue(MountedPaths.covering(mounts, "/etc/passwd").isEmpty());
    }

    @Test
    void aCopyGoesThroughTheMountsItInvolves() {
        assertTrue(MountedPaths.throughMounts(mounts, "/run/x/y", true), "on a mount");
        assertTrue(MountedPaths.throughMounts(mounts, "/", true), "above mounts: the tree holds them");
        assertTrue(MountedPaths.throughMounts(mounts, "/run", true));
        assertTrue(!MountedPaths.throughMounts(mounts, "/tmp", true) && !MountedPaths.throughMounts(mounts, "/runner", true),
                "beside them: the container's own filesystem");
        assertTrue(!MountedPaths.throughMounts(mounts, "/etc", false), "a stopped container's own filesystem");
    }

    @Test
    void aStoppedContainersMountsAreRefusedClearly() {
        DockerApiException on = assertThrows(DockerApiException.class, () -> MountedPaths.throughMounts(mounts, "/run/x/y", false));
        assertEquals(501, on.status());
        assertTrue(on.getMessage().contains("/run/x is a tmpfs mount") && on.getMessage().contains("stopped container"), on.getMessage());
        DockerApiException above = assertThrows(DockerApiException.class, () -> MountedPaths.throughMounts(mounts, "/", false));
        assertTrue(above.getMessage().contains("/data is a volume mount"), above.getMessage());
    }
}
