package dev.berth.gateway.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.gateway.api.DockerApiException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mount requests parsed and resolved as moby's daemon does, without containers. */
class MountPlannerTest {
    @TempDir
    Path root;
    Volumes volumes;
    MountPlanner planner;

    @BeforeEach
    void setUp() {
        volumes = new Volumes(root.resolve("volumes"), null);
        planner = new MountPlanner(volumes);
    }

    private static List<JsonNode> mounts(String json) throws Exception {
        return List.of(new ObjectMapper().readTree(json));
    }

    private static MountPlanner.Containers none() {
        return ref -> {
            throw DockerApiException.noSuchContainer(ref);
        };
    }

    private String refused(List<String> binds, List<JsonNode> mounts) {
        return assertThrows(DockerApiException.class,
                () -> planner.plan(binds, mounts, null, Set.of(), Set.of(), none())).getMessage();
    }

    @Test
    void bindsAreBindsOrNamedVolumesWithDockersModes() {
        MountPlanner.Plan plan = planner.plan(List.of("/srv/a:/a:ro,rshared", "data:/d:nocopy", "/srv/b/:/b/"), null, null,
                Set.of(), Set.of(), none());
        assertEquals(List.of(MountPoint.bind("/srv/a", "/a", "ro,rshared", false, "rshared"),
                MountPoint.volume("data", volumes.mountpoint("data").toString(), "/d", "nocopy", true, true),
                MountPoint.bind("/srv/b", "/b", "", true, "")), plan.mounts());
        assertEquals("rprivate", plan.mounts().get(2).propagation());
        assertEquals(List.of("data"), plan.createdVolumes());
        assertEquals("invalid mode: bogus", refused(List.of("/a:/b:bogus"), null));
        assertEquals("invalid mode: nocopy", refused(List.of("/a:/b:nocopy"), null));
        assertEquals("invalid mode: rshared", refused(List.of("vol:/b:rshared"), null));
        assertEquals("invalid mode: ro,rw", refused(List.of("/a:/b:ro,rw"), null));
        assertEquals("invalid volume specification: 'nocolon'", refused(List.of("nocolon"), null));
        assertTrue(refused(List.of("/a:rel"), null).contains("mount path must be absolute"));
        assertTrue(refused(List.of("x:/b"), null).contains("volume name is too short"));
    }

    @Test
    void mountsAreCheckedInDockersWords() throws Exception {
        assertEquals("invalid mount config for type \"bind\": field Source must not be empty",
                refused(null, mounts("{\"Type\":\"bind\",\"Target\":\"/x\"}")));
        assertEquals("invalid mount config for type \"volume\": field Target must not be empty",
                refused(null, mounts("{\"Type\":\"volume\"}")));
        assertEquals("invalid mount config for type \"tmpfs\": field Source must not be specified",
                refused(null, mounts("{\"Type\":\"tmpfs\",\"Source\":\"x\",\"Target\":\"/x\"}")));
        assertEquals("invalid mount config for type \"volume\": field BindOptions must not be specified",
                refused(null, mounts("{\"Type\":\"volume\",\"Target\":\"/x\",\"BindOptions\":{\"Propagation\":\"shared\"}}")));
        assertEquals("invalid mount config for type \"npipe\": mount type unknown",
                refused(null, mounts("{\"Type\":\"npipe\",\"Target\":\"/x\"}")));
        MountPlanner.Plan plan = planner.plan(null, mounts("{\"Type\":\"volume\",\"Source\":\"opt\",\"Target\":\"/o\","
                + "\"ReadOnly\":true,\"VolumeOptions\":{\"NoCopy\":true,\"Labels\":{\"a\":\"b\"},"
                + "\"DriverConfig\":{\"Options\":{\"type\":\"tmpfs\",\"device\":\"tmpfs\"}}}}"), null, Set.of(), Set.of(), none());
        MountPoint m = plan.mounts().getFirst();
        assertFalse(m.rw());
        assertTrue(m.noCopy());
        assertEquals("", m.mode());
        assertEquals(Map.of("a", "b"), volumes.get("opt").labels());
        assertEquals("tmpfs", volumes.get("opt").options().get("type"));
    }

    @Test
    void anonymousVolumesForWhatNothingElseCoversAndVolumesFrom() {
        MountPlanner.Plan plan = planner.plan(List.of("/h:/covered"), null, null,
                Set.of("/covered", "/tmp/t", "/data/"), Set.of("/tmp/t"), none());
        assertEquals(2, plan.mounts().size());
        MountPoint anonymous = plan.mounts().get(1);
        assertEquals("/data", anonymous.destination());
        assertTrue(anonymous.name().matches("[0-9a-f]{64}"));
        assertTrue(volumes.get(anonymous.name()).anonymous());

        List<MountPoint> others = List.of(anonymous, MountPoint.tmpfs("/t", true, List.of()), MountPoint.bind("/h", "/h", "", true, ""));
        MountPlanner.Plan from = planner.plan(List.of("/other:/h"), null, List.of("src:ro"), Set.of(), Set.of(),
                ref -> new MountPlanner.Other("id", others));
        assertEquals(2, from.mounts().size(), "tmpfs is not shared, a bind of its own replaces the other's");
        assertFalse(from.mounts().getFirst().rw());
        assertEquals("ro", from.mounts().getFirst().mode());
        assertEquals("/other", from.mounts().get(1).source());
        assertEquals(404, assertThrows(DockerApiException.class,
                () -> planner.plan(null, null, List.of("nope"), Set.of(), Set.of(), none())).status());
        assertEquals("invalid mode for volumes-from: rx", assertThrows(DockerApiException.class,
                () -> planner.plan(null, null, List.of("c:rx"), Set.of(), Set.of(), none())).getMessage());
    }

    @Test
    void aDuplicateDestinationIsRefusedAndNothingIsLeftBehind() throws Exception {
        assertEquals("Duplicate mount point: /d", refused(List.of("v1:/d", "/h:/d/"), null));
        assertEquals("Duplicate mount point: /d", refused(List.of("v1:/d"), mounts("{\"Type\":\"tmpfs\",\"Target\":\"/d\"}")));
        assertEquals(List.of(), volumes.list());
    }
}
