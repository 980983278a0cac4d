package dev.berth.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cli.testing.CliHarness;
import dev.berth.cli.testing.FakeDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * References checked before any request where docker's CLI checks them (image-spec's ImageReference,
 * docker's messages and statuses), and what is sent when they pass.
 */
class ReferenceValidationTest {
    static final String HEX = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    static final String UPPER = "invalid reference format: repository name (library/BusyBox) must be lowercase";

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

    private void noRequests() {
        assertEquals(List.of(), cli.daemon.requests().stream().map(FakeDaemon.Request::path).toList());
    }

    private static FakeDaemon.Handler created() {
        return (r, x) -> x.write("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
    }

    @Test
    void tagRefusesAnUppercaseTargetWithDockersMessage() {
        assertEquals(1, cli.run("", "tag", "busybox", "BusyBox"));
        assertEquals("Error parsing reference: \"BusyBox\" is not a valid repository/tag: " + UPPER + "\n", cli.err());
        assertEquals("", cli.out());
        noRequests();
    }

    @Test
    void tagChecksTheSourceFirst() {
        assertEquals(1, cli.run("", "image", "tag", "Busy:1", "a b"));
        assertEquals("Error parsing reference: \"Busy:1\" is not a valid repository/tag: invalid reference format: "
                + "repository name (library/Busy) must be lowercase\n", cli.err());
        cli.reset();
        assertEquals(1, cli.run("", "tag", "busybox", "a b"));
        assertEquals("Error parsing reference: \"a b\" is not a valid repository/tag: invalid reference format\n", cli.err());
        cli.reset();
        assertEquals(1, cli.run("", "tag", "busybox", HEX));
        assertEquals("Error parsing reference: \"" + HEX + "\" is not a valid repository/tag: invalid repository name ("
                + HEX + "), cannot specify 64-byte hexadecimal strings\n", cli.err());
        noRequests();
    }

    @Test
    void tagRefusesADigestTarget() {
        assertEquals(1, cli.run("", "tag", "busybox", "acc/bb:1@sha256:" + HEX));
        assertEquals("refusing to create a tag with a digest reference\n", cli.err());
        noRequests();
    }

    @Test
    void tagSendsTheFamiliarRepositoryAndLatestByDefault() {
        cli.daemon.on("POST /v1.41/images/" + HEX + "/tag", created());
        assertEquals(0, cli.run("", "tag", HEX, "docker.io/library/bb"), cli.err());
        assertEquals("repo=bb&tag=latest", CliHarness.decode(cli.daemon.lastRequest("POST /v1.41/images/" + HEX + "/tag").query()));
        cli.daemon.on("POST /v1.41/images/sha256:" + HEX + "/tag", created());
        assertEquals(0, cli.run("", "tag", "sha256:" + HEX, "localhost:5000/a/b:2"), cli.err());
        assertEquals("repo=localhost:5000/a/b&tag=2",
                CliHarness.decode(cli.daemon.lastRequest("POST /v1.41/images/sha256:" + HEX + "/tag").query()));
        cli.daemon.on("POST /v1.41/images/abc123/tag", (r, x) -> x.json(404, "{\"message\":\"No such image: abc123:latest\"}"));
        assertEquals(1, cli.run("", "tag", "abc123", "index.docker.io/acc/app:v1"));
        assertEquals("Error response from daemon: No such image: abc123:latest\n", cli.err());
        assertEquals("repo=acc/app&tag=v1", CliHarness.decode(cli.daemon.lastRequest("POST /v1.41/images/abc123/tag").query()));
    }

    @Test
    void commitChecksTheReferenceBeforeSending() {
        assertEquals(1, cli.run("", "commit", "web", "BusyBox"));
        assertEquals(UPPER + "\n", cli.err());
        cli.reset();
        assertEquals(1, cli.run("", "commit", "web", "app@sha256:" + HEX));
        assertEquals("refusing to create a tag with a digest reference\n", cli.err());
        cli.reset();
        assertEquals(1, cli.run("", "commit", "web", "app:-x"));
        assertEquals("invalid reference format\n", cli.err());
        noRequests();
        cli.daemon.on("POST /v1.41/commit", (r, x) -> x.json(201, "{\"Id\":\"sha256:0123abcd\"}"));
        assertEquals(0, cli.run("", "commit", "web", "docker.io/acc/app"), cli.err());
        assertEquals("container=web&repo=acc/app&tag=latest&comment=&author=",
                CliHarness.decode(cli.daemon.lastRequest("POST /v1.41/commit").query()));
    }

    @Test
    void importChecksTheReferenceAfterOpeningTheFile() throws IOException {
        assertEquals(1, cli.run("", "import", dir.resolve("missing.tar").toString(), "BusyBox"));
        assertEquals("Error: open " + dir.resolve("missing.tar") + ": no such file or directory\n", cli.err());
        cli.reset();
        Path tar = Files.write(dir.resolve("rootfs.tar"), new byte[512]);
        assertEquals(1, cli.run("", "import", tar.toString(), "BusyBox"));
        assertEquals(UPPER + "\n", cli.err());
        noRequests();
        cli.daemon.on("POST /v1.41/images/create", (r, x) -> x.chunked(200, List.of("{\"status\":\"sha256:0123abcd\"}\n")));
        assertEquals(0, cli.run("", "import", "--platform", "Linux/AMD64", tar.toString(), "localhost:5000/app:1.0"), cli.err());
        assertEquals("fromSrc=-&repo=localhost:5000/app:1.0&platform=linux/amd64",
                CliHarness.decode(cli.daemon.lastRequest("POST /v1.41/images/create").query()));
    }

    @Test
    void runAndCreateRefuseABadImageBeforeCreating() {
        assertEquals(125, cli.run("", "run", "BusyBox"));
        assertEquals("berth: " + UPPER + "\n\nRun 'berth run --help' for more information\n", cli.err());
        cli.reset();
        assertEquals(1, cli.run("", "create", "busybox:"));
        assertEquals("invalid reference format\n", cli.err());
        noRequests();
    }

    @Test
    void anImageIdThatIsMissingIsNotPulled() {
        cli.daemon.on("POST /v1.41/containers/create", (r, x) -> x.json(404, "{\"message\":\"No such image: sha256:" + HEX + "\"}"));
        assertEquals(1, cli.run("", "create", HEX));
        assertEquals("Error response from daemon: No such image: sha256:" + HEX + "\n", cli.err());
        assertEquals(List.of("/v1.41/containers/create"), cli.daemon.requests().stream().map(FakeDaemon.Request::path).toList());
    }

    @Test
    void aDigestReferenceIsPulledByDigest() {
        cli.daemon.on("POST /v1.41/containers/create", (r, x) -> x.json(404, "{\"message\":\"No such image\"}"));
        cli.daemon.on("POST /v1.41/images/create", (r, x) -> x.chunked(200, List.of("{\"status\":\"Digest: sha256:" + HEX + "\"}\n")));
        assertEquals(1, cli.run("", "create", "localhost:5000/app:1@sha256:" + HEX));
        assertTrue(cli.err().startsWith("Unable to find image 'localhost:5000/app:1@sha256:" + HEX + "' locally\n"), cli.err());
        assertEquals("fromImage=localhost:5000/app&tag=sha256:" + HEX,
                CliHarness.decode(cli.daemon.lastRequest("POST /v1.41/images/create").query()));
    }

    @Test
    void pullAndPushRefuseAnUppercaseName() {
        assertEquals(1, cli.run("", "pull", "BusyBox"));
        assertEquals(UPPER + "\n", cli.err());
        cli.reset();
        assertEquals(1, cli.run("", "push", "acc/App:1"));
        assertEquals("invalid reference format: repository name (acc/App) must be lowercase\n", cli.err());
        noRequests();
    }

    @Test
    void buildTagsAreCheckedWithImageSpec() {
        assertEquals(125, cli.run("", "build", "-t", "acc/app:1@sha256:abc", dir.toString()));
        assertEquals("berth: invalid argument \"acc/app:1@sha256:abc\" for \"-t, --tag\" flag: invalid reference format\n"
                + "See 'berth build --help'.\n", cli.err());
        noRequests();
    }

    @Test
    void pullAllTagsSendsNoTagAndPrintsTheRepository() {
        cli.daemon.on("POST /v1.41/images/create", (r, x) -> x.chunked(200, List.of("{\"status\":\"Pulling from library/busybox\",\"id\":\"1.36\"}\n")));
        assertEquals(0, cli.run("", "pull", "-a", "busybox"), cli.err());
        assertEquals("fromImage=busybox", CliHarness.decode(cli.daemon.lastRequest("POST /v1.41/images/create").query()));
        assertEquals("1.36: Pulling from library/busybox\ndocker.io/library/busybox\n", cli.out());
        cli.reset();
        assertEquals(1, cli.run("", "pull", "--all-tags", "busybox:1.36"));
        assertEquals("tag can't be used with --all-tags/-a\n", cli.err());
        cli.reset();
        assertEquals(0, cli.run("", "pull", "-q", "busybox:1.36@sha256:" + HEX), cli.err());
        assertEquals("fromImage=busybox&tag=sha256:" + HEX, CliHarness.decode(cli.daemon.lastRequest("POST /v1.41/images/create").query()));
        assertEquals("docker.io/library/busybox:1.36@sha256:" + HEX + "\n", cli.out());
    }

    @Test
    void pushChecksAllTagsBeforeTheDigest() {
        assertEquals(1, cli.run("", "push", "-a", "acc/app@sha256:" + HEX));
        assertEquals("tag can't be used with --all-tags/-a\n", cli.err());
        cli.reset();
        assertEquals(1, cli.run("", "push", "acc/app@sha256:" + HEX));
        assertEquals("cannot push a digest reference\n", cli.err());
        noRequests();
    }

    @Test
    void psShowsImagesAsDockersContainerContextDoes() {
        String id = "sha256:" + HEX;
        cli.daemon.on("GET /v1.41/containers/json", (r, x) -> x.json(200, "["
                + "{\"Id\":\"c1\",\"Image\":\"docker.io/library/busybox:1.36@sha256:" + HEX + "\",\"ImageID\":\"sha256:aa\"},"
                + "{\"Id\":\"c2\",\"Image\":\"localhost:5000/acc/app@sha256:" + HEX + "\",\"ImageID\":\"sha256:aa\"},"
                + "{\"Id\":\"c3\",\"Image\":\"" + id + "\",\"ImageID\":\"" + id + "\"},"
                + "{\"Id\":\"c4\",\"Image\":\"docker.io/acc/app\",\"ImageID\":\"sha256:aa\"},"
                + "{\"Id\":\"c5\",\"Image\":\"\",\"ImageID\":\"\"},"
                + "{\"Id\":\"c6\",\"Image\":\"Not Valid\",\"ImageID\":\"sha256:aa\"}]"));
        assertEquals(0, cli.run("", "ps", "-a", "--format", "{{.Image}}"), cli.err());
        assertEquals("busybox:1.36\nlocalhost:5000/acc/app\n0123456789ab\nacc/app\n<no image>\nNot Valid\n", cli.out());
        cli.reset();
        assertEquals(0, cli.run("", "ps", "-a", "--no-trunc", "--format", "{{.Image}}"), cli.err());
        assertTrue(cli.out().startsWith("docker.io/library/busybox:1.36@sha256:" + HEX + "\n"), cli.out());
    }
}
