package dev.berth.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Berth's APIs from another language: interop-tests/src/test/python/interop_client.py, on Debian's
 * python3-grpcio, generates its stubs from proto/ and drives the real berth-content,
 * berth-snapshotter, berth-network and a berth-shim host started here. This test prepares the
 * layer and the OCI bundle, runs the script and checks what it reports.
 */
class PythonClientTest {
    private static final String CONTAINER_ID = "python-interop";
    private static final String OUTPUT = "hello from python\n";
    private static final int EXIT = 3;

    private static Path dir;
    private static Path runc;
    private static BerthStack berth;
    private static ReactorLayout layout;

    @BeforeAll
    static void start() throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireBusybox();
        Prerequisites.requirePythonGrpc();
        Prerequisites.requireCommand("ip");
        runc = Prerequisites.requireCommand("runc");
        layout = ReactorLayout.find();
        dir = TempDirs.create("berth-interop-py-");
        berth = BerthStack.start(layout, dir.resolve("berth"), true, runc);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (berth != null) {
                // a container the script left behind (it failed midway): runc's state and cgroup go with it
                Commands.run(List.of(runc.toString(), "--root", berth.runcRoot().toString(), "delete", "--force",
                        CONTAINER_ID), 30);
                berth.close();
            }
        } finally {
            TempDirs.remove(dir);
        }
    }

    @Test
    void aPythonClientDrivesTheContentStoreSnapshotterNetworkAndShim() throws Exception {
        byte[] layer = BusyboxLayer.tar(Prerequisites.BUSYBOX);
        Path layerFile = Files.write(dir.resolve("layer.tar"), layer);
        Path bundle = OciBundle.write(dir.resolve("bundle"), CONTAINER_ID,
                List.of("sh", "-c", "echo hello from python; sleep 1; exit " + EXIT));
        Path work = Files.createDirectories(dir.resolve("py"));

        CommandResult result = Commands.run(List.of(Prerequisites.PYTHON.toString(), "-B",
                layout.pythonSources().resolve("interop_client.py").toString(),
                "--proto-dir", layout.protoSources().toString(),
                "--work", work.toString(),
                "--content", berth.contentSocket().toString(),
                "--snapshotter", berth.snapshotterSocket().toString(),
                "--network", berth.networkSocket().toString(),
                "--shim", berth.shimSocket().toString(),
                "--bridge", BerthStack.TEST_BRIDGE,
                "--layer", layerFile.toString(),
                "--busybox-size", Long.toString(Files.size(Prerequisites.BUSYBOX)),
                "--bundle", bundle.toString(),
                "--container-id", CONTAINER_ID,
                "--expected-output", OUTPUT,
                "--expected-exit", Integer.toString(EXIT)),
                Map.of("PYTHONDONTWRITEBYTECODE", "1", "PYTHONNOUSERSITE", "1"), 300);

        String output = result.output();
        System.out.println("interop_client.py:\n" + output);
        assertEquals(0, result.exitCode(), () -> "interop_client.py failed:\n" + output + "\n" + berth.logs());
        for (String line : List.of("stubs: generated from", "content: wrote and read back " + layer.length + " bytes as "
                + Digests.sha256(layer), "snapshots: applied " + Digests.sha256(layer) + " into python-busybox",
                "snapshots: python-rootfs is ACTIVE on python-busybox", "network: bridge (bridge), host (host), none (null)",
                "bridge on " + BerthStack.TEST_BRIDGE, "shim: exited with " + EXIT, "shim: deleted " + CONTAINER_ID,
                "snapshots: removed python-rootfs and python-busybox", "interop: all checks passed")) {
            assertTrue(output.contains(line), () -> "missing \"" + line + "\" in:\n" + output);
        }
        // Delete unmounted the rootfs; the container's log is Docker's json-file format
        assertEquals(List.of(), Mounts.under(bundle));
        String log = Files.readString(work.resolve("container.log"));
        assertTrue(log.startsWith("{\"log\":\"hello from python\\n\",\"stream\":\"stdout\",\"time\":\""), log);
    }
}
