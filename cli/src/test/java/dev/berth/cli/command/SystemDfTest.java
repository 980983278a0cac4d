package dev.berth.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.cli.testing.CliHarness;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** system df against a fake daemon: docker's table and its reclaimable figures. */
class SystemDfTest {
    @TempDir
    Path dir;
    CliHarness cli;

    @BeforeEach
    void start() throws IOException {
        cli = new CliHarness(dir);
    }

    @AfterEach
    void stop() throws IOException {
        cli.close();
    }

    @Test
    void summarisesWhatIsInUseAndWhatCanBeReclaimed() {
        cli.daemon.on("GET /v1.41/system/df", (r, x) -> x.json(200, """
                {"LayersSize":5000000,
                 "Images":[{"Id":"sha256:a","Size":4000000,"VirtualSize":4000000,"SharedSize":1000000,"Containers":1},
                           {"Id":"sha256:b","Size":2000000,"VirtualSize":2000000,"SharedSize":1000000,"Containers":0}],
                 "Containers":[{"Id":"c1","State":"running","SizeRw":1000},{"Id":"c2","State":"exited","SizeRw":3000}],
                 "Volumes":[],"BuildCache":[]}"""));
        assertEquals(0, cli.run("", "system", "df"), cli.err());
        assertEquals("""
                TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE
                Images          2         1         5MB       2MB (40%)
                Containers      2         1         4kB       3kB (75%)
                Local Volumes   0         0         0B        0B
                Build Cache     0         0         0B        0B
                """, cli.out());
    }
}
