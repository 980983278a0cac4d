package dev.berth.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cli.testing.CliHarness;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** berth history: docker's table, truncation and flags (cases transcribed from docker/cli's history tests). */
class HistoryCommandTest {
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

    private void history(String json) {
        cli.daemon.on("GET /v1.41/images/app:1/history", (r, x) -> x.json(200, json));
    }

    /** TestHistoryContext_Table's six layers: a day old, Created 0, and 17 years old. */
    private void sixLayers() {
        long day = ZonedDateTime.now().minusDays(1).toEpochSecond();
        long old = ZonedDateTime.now().minusYears(17).toEpochSecond();
        String longCommand = "/bin/bash ls && npm i && npm run test && karma -c karma.conf.js start && npm start && more commands here && the list goes on";
        history("[{\"Id\":\"imageID1\",\"Created\":" + day + ",\"CreatedBy\":\"" + longCommand + "\",\"Size\":182964289,\"Comment\":\"Hi\",\"Tags\":[\"image:tag2\"]},"
                + "{\"Id\":\"imageID2\",\"Created\":" + day + ",\"CreatedBy\":\"/bin/bash echo\",\"Size\":182964289,\"Comment\":\"Hi\"},"
                + "{\"Id\":\"imageID3\",\"Created\":" + day + ",\"CreatedBy\":\"/bin/bash ls\",\"Size\":182964289,\"Comment\":\"Hi\"},"
                + "{\"Id\":\"imageID4\",\"Created\":" + day + ",\"CreatedBy\":\"/bin/bash grep\",\"Size\":182964289,\"Comment\":\"Hi\"},"
                + "{\"Id\":\"imageID5\",\"Created\":0,\"CreatedBy\":\"/bin/bash echo\",\"Size\":182964289,\"Comment\":\"Hi\"},"
                + "{\"Id\":\"imageID6\",\"Created\":" + old + ",\"CreatedBy\":\"/bin/bash echo\",\"Size\":182964289,\"Comment\":\"Hi\"}]");
    }

    @Test
    void theTableTruncatesCreatedByAt45() {
        sixLayers();
        assertEquals(0, cli.run("", "history", "app:1"), cli.err());
        assertEquals("""
                IMAGE      CREATED        CREATED BY                                      SIZE      COMMENT
                imageID1   24 hours ago   /bin/bash ls && npm i && npm run test && kar…   183MB     Hi
                imageID2   24 hours ago   /bin/bash echo                                  183MB     Hi
                imageID3   24 hours ago   /bin/bash ls                                    183MB     Hi
                imageID4   24 hours ago   /bin/bash grep                                  183MB     Hi
                imageID5   N/A            /bin/bash echo                                  183MB     Hi
                imageID6   17 years ago   /bin/bash echo                                  183MB     Hi
                """, cli.out());
    }

    @Test
    void noTruncKeepsTheWholeCommand() {
        sixLayers();
        assertEquals(0, cli.run("", "image", "history", "--no-trunc", "app:1"), cli.err());
        assertEquals("""
                IMAGE      CREATED        CREATED BY                                                                                                                     SIZE      COMMENT
                imageID1   24 hours ago   /bin/bash ls && npm i && npm run test && karma -c karma.conf.js start && npm start && more commands here && the list goes on   183MB     Hi
                imageID2   24 hours ago   /bin/bash echo                                                                                                                 183MB     Hi
                imageID3   24 hours ago   /bin/bash ls                                                                                                                   183MB     Hi
                imageID4   24 hours ago   /bin/bash grep                                                                                                                 183MB     Hi
                imageID5   N/A            /bin/bash echo                                                                                                                 183MB     Hi
                imageID6   17 years ago   /bin/bash echo                                                                                                                 183MB     Hi
                """, cli.out());
    }

    @Test
    void idsAreShortenedAndMissingOnesStay() {
        history("[{\"Id\":\"sha256:4f1b2cbd7b51d7e8b9f5b0e7c0ac5e8b1e9d8b3c2a1f0e9d8c7b6a5f4e3d2c1b\",\"Created\":" + Instant.now().minusSeconds(3 * 3600).getEpochSecond()
                + ",\"CreatedBy\":\"/bin/sh -c #(nop)\\tCMD [\\\"sh\\\"]\",\"Size\":0,\"Comment\":\"\"},"
                + "{\"Id\":\"<missing>\",\"Created\":" + Instant.now().minusSeconds(7200).getEpochSecond()
                + ",\"CreatedBy\":\"/bin/sh -c #(nop) ADD file:abc in / \",\"Size\":4261550,\"Comment\":\"\"}]");
        assertEquals(0, cli.run("", "history", "app:1"), cli.err());
        assertEquals("""
                IMAGE          CREATED       CREATED BY                             SIZE      COMMENT
                4f1b2cbd7b51   3 hours ago   /bin/sh -c #(nop) CMD ["sh"]           0B       \s
                <missing>      2 hours ago   /bin/sh -c #(nop) ADD file:abc in /    4.26MB   \s
                """, cli.out());
        cli.reset();
        assertEquals(0, cli.run("", "history", "-q", "app:1"), cli.err());
        assertEquals("4f1b2cbd7b51\n<missing>\n", cli.out());
        cli.reset();
        assertEquals(0, cli.run("", "history", "-q", "--no-trunc", "app:1"), cli.err());
        assertEquals("sha256:4f1b2cbd7b51d7e8b9f5b0e7c0ac5e8b1e9d8b3c2a1f0e9d8c7b6a5f4e3d2c1b\n<missing>\n", cli.out());
    }

    @Test
    void humanFalseShowsRfc3339AndBytes() {
        long created = ZonedDateTime.of(2017, 1, 1, 12, 0, 3, 0, ZoneId.of("UTC")).toEpochSecond();
        history("[{\"Id\":\"abcdef\",\"Created\":" + created + ",\"CreatedBy\":\"rose\",\"Size\":0,\"Comment\":\"new history item!\"}]");
        assertEquals(0, cli.run("", "history", "--human=false", "app:1"), cli.err());
        String at = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX").format(Instant.ofEpochSecond(created).atZone(ZoneId.systemDefault()));
        String header = "IMAGE     CREATED AT" + " ".repeat(Math.max(3, at.length() + 3 - "CREATED AT".length()));
        assertEquals(header + "CREATED BY   SIZE      COMMENT\nabcdef    " + at + "   rose         0         new history item!\n", cli.out());
    }

    @Test
    void formatTemplatesAndJson() {
        history("[{\"Id\":\"sha256:0123456789abcdef0123\",\"Created\":1500000000,\"CreatedBy\":\"RUN make\",\"Size\":2048,\"Comment\":\"c\"}]");
        assertEquals(0, cli.run("", "history", "--format", "{{.ID}}|{{.CreatedBy}}|{{.Size}}|{{.Comment}}", "app:1"), cli.err());
        assertEquals("0123456789ab|RUN make|2.05kB|c\n", cli.out());
        cli.reset();
        assertEquals(0, cli.run("", "history", "--format", "table {{.ID}}\t{{.Size}}", "-q", "app:1"), cli.err());
        assertEquals("IMAGE          SIZE\n0123456789ab   2.05kB\n", cli.out(), "-q does not override a given --format");
        cli.reset();
        assertEquals(0, cli.run("", "history", "--format", "json", "-H=false", "app:1"), cli.err());
        String at = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX").format(Instant.ofEpochSecond(1500000000).atZone(ZoneId.systemDefault()));
        assertEquals("{\"Comment\":\"c\",\"CreatedAt\":\"" + at + "\",\"CreatedBy\":\"RUN make\",\"CreatedSince\":\"" + at
                + "\",\"ID\":\"0123456789ab\",\"Size\":\"2048\"}\n", cli.out());
        cli.reset();
        assertEquals(1, cli.run("", "history", "--format", "{{.Nope}}", "app:1"));
        assertTrue(cli.err().contains("can't evaluate field Nope"), cli.err());
    }

    @Test
    void aMissingImageIsADaemonError() {
        cli.daemon.on("GET /v1.41/images/nope/history", (r, x) -> x.json(404, "{\"message\":\"No such image: nope:latest\"}"));
        assertEquals(1, cli.run("", "history", "nope"));
        assertEquals("Error response from daemon: No such image: nope:latest\n", cli.err());
    }
}
