package dev.berth.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cli.testing.CliHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** berth images / image ls: the filters sent to GET /images/json, docker's rows and its --format handling. */
class ImagesCommandTest {
    static final String D1 = "sha256:" + "1".repeat(64);
    static final String D2 = "sha256:" + "2".repeat(64);
    static final String IMAGES = "[{\"Id\":\"sha256:0123456789abcdef0123\",\"ParentId\":\"\","
            + "\"RepoTags\":[\"docker.io/library/busybox:latest\",\"busybox:1.36\",\"localhost:5000/app:v1\"],"
            + "\"RepoDigests\":[\"busybox@" + D1 + "\",\"busybox@" + D2 + "\",\"acc/old@" + D1 + "\"],"
            + "\"Created\":1700000000,\"Size\":4290000,\"SharedSize\":-1,\"Containers\":2,\"Labels\":{}},"
            + "{\"Id\":\"sha256:fedcba9876543210\",\"RepoTags\":[\"<none>:<none>\"],\"RepoDigests\":[\"<none>@<none>\"],"
            + "\"Created\":0,\"Size\":999,\"SharedSize\":-1,\"Containers\":-1}]";

    @TempDir
    Path dir;
    CliHarness cli;

    @BeforeEach
    void start() throws IOException {
        cli = new CliHarness(dir);
        cli.env("DOCKER_CONFIG", dir.resolve("docker").toString());
        cli.daemon.on("GET /v1.41/images/json", (r, x) -> x.json(200, IMAGES));
    }

    @AfterEach
    void stop() throws IOException {
        cli.close();
    }

    private String query() {
        return CliHarness.decode(cli.daemon.lastRequest("GET /v1.41/images/json").query());
    }

    @Test
    void filtersArePassedThroughAsDockersClientWritesThem() {
        assertEquals(0, cli.run("", "images", "-a", "-q", "-f", "before=busybox:latest", "--filter", "since=" + "ab12",
                "-f", "dangling=true", "-f", "reference=acc/*", "-f", "label=app=web", "-f", " Label = tier ",
                "-f", "", "-f", "dangling=true", "busybox:*"), cli.err());
        assertEquals("all=1&filters={\"before\":{\"busybox:latest\":true},\"dangling\":{\"true\":true},"
                + "\"label\":{\"app=web\":true,\"tier\":true},\"reference\":{\"acc/*\":true,\"busybox:*\":true},"
                + "\"since\":{\"ab12\":true}}", query());
        cli.reset();
        assertEquals(0, cli.run("", "image", "ls"), cli.err());
        assertEquals("", query());
    }

    @Test
    void aFilterWithoutEqualsIsABadFlagValue() {
        assertEquals(125, cli.run("", "images", "-f", "dangling"));
        assertEquals("berth: invalid argument \"dangling\" for \"-f, --filter\" flag: bad format of filter (expected name=value)\n"
                + "See 'berth images --help'.\n", cli.err());
        assertEquals(List.of(), cli.daemon.requests());
    }

    @Test
    void theDaemonJudgesFilterNamesAndValues() {
        cli.daemon.on("GET /v1.41/images/json", (r, x) -> x.json(400, "{\"message\":\"invalid filter 'colour'\"}"));
        assertEquals(1, cli.run("", "images", "-f", "colour=red"));
        assertEquals("Error response from daemon: invalid filter 'colour'\n", cli.err());
        assertEquals("filters={\"colour\":{\"red\":true}}", query());
        cli.reset();
        assertEquals(1, cli.run("", "images", "-f", "label=a<b&c"));
        assertEquals("filters={\"label\":{\"a\\u003cb\\u0026c\":true}}", query()); // Go's escaping
    }

    @Test
    void rowsAreDockersFamiliarNamesWithDigestsOnlyWhenAsked() {
        // docker looks for the literal "{{.Digest}}": written otherwise, digests are not matched to tags
        assertEquals(0, cli.run("", "images", "--format", "{{.Repository}} {{.Tag}} {{ .Digest }}"), cli.err());
        assertEquals("busybox latest <none>\nbusybox 1.36 <none>\nlocalhost:5000/app v1 <none>\nacc/old <none> \n"
                + "<none> <none> <none>\n", cli.out());
        cli.reset();
        String byDigest = "busybox latest " + D1 + "\nbusybox latest " + D2 + "\nbusybox 1.36 " + D1 + "\nbusybox 1.36 " + D2
                + "\nlocalhost:5000/app v1 <none>\n";
        assertEquals(0, cli.run("", "images", "--format", "{{.Repository}} {{.Tag}} {{.Digest}}"), cli.err());
        assertEquals(byDigest + "acc/old <none> \n<none> <none> <none>\n", cli.out());
        cli.reset();
        assertEquals(0, cli.run("", "images", "--digests", "--format", "{{.Repository}} {{.Tag}} {{.Digest}}"), cli.err());
        assertEquals(byDigest + "acc/old <none> " + D1 + "\n<none> <none> <none>\n", cli.out());
    }

    @Test
    void digestsAndNoTruncInTheDefaultTable() {
        assertEquals(0, cli.run("", "images", "--digests", "--no-trunc", "localhost:5000/app"), cli.err());
        String[] lines = cli.out().split("\n");
        assertTrue(lines[0].matches("REPOSITORY +TAG +DIGEST +IMAGE ID +CREATED +SIZE"), lines[0]);
        assertTrue(lines[1].startsWith("busybox              latest    " + D1 + "   sha256:0123456789abcdef0123   "), lines[1]);
        assertEquals("filters={\"reference\":{\"localhost:5000/app\":true}}", query());
    }

    @Test
    void aCustomTableGetsTheDigestColumnAndQuietKeepsACustomFormat() {
        assertEquals(0, cli.run("", "images", "--digests", "--format", "table {{.Repository}}"), cli.err());
        String[] lines = cli.out().split("\n");
        assertEquals("REPOSITORY           DIGEST", lines[0]);
        assertEquals("busybox              " + D1, lines[1]);
        cli.reset();
        assertEquals(0, cli.run("", "images", "-q", "--format", "{{.Tag}}"), cli.err());
        assertEquals("latest\n1.36\nv1\n<none>\n<none>\n", cli.out());
        cli.reset();
        assertEquals(0, cli.run("", "images", "-q", "--digests"), cli.err());
        // as docker: -q keeps the rows --digests makes, one per tag and digest
        assertEquals("0123456789ab\n".repeat(6) + "fedcba987654\n", cli.out());
    }

    @Test
    void jsonAndRawFormats() {
        assertEquals(0, cli.run("", "images", "--format", "json", "--no-trunc"), cli.err());
        String[] lines = cli.out().split("\n");
        assertEquals(5, lines.length);
        assertTrue(lines[0].startsWith("{\"Containers\":\"2\",\"CreatedAt\":\""), lines[0]);
        assertTrue(lines[0].contains("\"Digest\":\"\\u003cnone\\u003e\",\"ID\":\"sha256:0123456789abcdef0123\",\"Repository\":\"busybox\","
                + "\"SharedSize\":\"N/A\",\"Size\":\"4.29MB\",\"Tag\":\"latest\",\"UniqueSize\":\"N/A\""), lines[0]);
        assertTrue(lines[4].contains("\"Containers\":\"N/A\"") && lines[4].contains("\"CreatedSince\":\"N/A\""), lines[4]);
        cli.reset();
        assertEquals(0, cli.run("", "images", "--format", "raw", "-q"), cli.err());
        assertEquals("image_id: 0123456789ab\n", cli.out().lines().findFirst().orElseThrow() + "\n");
        cli.reset();
        assertEquals(0, cli.run("", "images", "--format", "raw"), cli.err());
        assertTrue(cli.out().startsWith("repository: busybox\ntag: latest\nimage_id: 0123456789ab\ncreated_at: "), cli.out());
        assertTrue(cli.out().contains("virtual_size: 4.29MB\n\nrepository: busybox\ntag: 1.36\n"), cli.out());
    }

    @Test
    void theConfigFilesImagesFormatIsTheDefaultExceptWithQuiet() throws IOException {
        Files.createDirectories(dir.resolve("docker"));
        Files.writeString(dir.resolve("docker/config.json"), "{\"imagesFormat\": \"{{.Repository}}:{{.Tag}}\"}");
        assertEquals(0, cli.run("", "images"), cli.err());
        assertEquals("busybox:latest\nbusybox:1.36\nlocalhost:5000/app:v1\nacc/old:<none>\n<none>:<none>\n", cli.out());
        cli.reset();
        assertEquals(0, cli.run("", "images", "-q"), cli.err());
        assertEquals("0123456789ab\n", cli.out().lines().findFirst().orElseThrow() + "\n");
    }

    @Test
    void aBadTemplateFailsWithStatusOne() {
        assertEquals(1, cli.run("", "images", "--format", "{{.Nope}}"));
        assertTrue(cli.err().contains("can't evaluate field Nope"), cli.err());
    }

    @Test
    void aSubcommandNameFindingNothingGetsDockersHint() {
        cli.daemon.on("GET /v1.41/images/json", (r, x) -> x.json(200, "[]"));
        assertEquals(0, cli.run("", "images", "ls"), cli.err());
        assertEquals("REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n", cli.out());
        assertEquals("\nNo images found matching \"ls\": did you mean \"berth image ls\"?\n", cli.err());
        cli.reset();
        assertEquals(0, cli.run("", "image", "ls", "ls"), cli.err());
        assertEquals("", cli.err());
    }
}
