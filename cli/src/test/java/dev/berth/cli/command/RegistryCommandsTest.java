package dev.berth.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Json;
import dev.berth.cli.testing.CliHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pull, push, login and logout against a fake daemon: requests, X-Registry-Auth, config.json, output, statuses. */
class RegistryCommandsTest {
    private static final String AUTH_SERVER = "127.0.0.1:5001";

    @TempDir
    Path dir;
    CliHarness cli;
    Path config;

    @BeforeEach
    void start() throws IOException {
        cli = new CliHarness(dir);
        cli.env("DOCKER_CONFIG", dir.resolve("docker").toString());
        config = dir.resolve("docker/config.json");
    }

    @AfterEach
    void stop() throws IOException {
        cli.close();
    }

    @Test
    void loginChecksWithTheDaemonStoresTheCredentialsAndLogoutRemovesThem() throws IOException {
        Files.createDirectories(config.getParent());
        Files.writeString(config, "{\"psFormat\": \"{{.ID}}\"}");
        cli.daemon.on("POST /v1.41/auth", (r, x) -> x.json(200, "{\"Status\":\"Login Succeeded\",\"IdentityToken\":\"\"}"));
        assertEquals(0, cli.run("acc-secret\n", "login", "-u", "acc-user", "--password-stdin", AUTH_SERVER), cli.err());
        assertEquals("Login Succeeded\n", cli.out());
        assertEquals("\nWARNING! Your credentials are stored unencrypted in '" + config + "'.\n"
                + "Configure a credential helper to remove this warning. See\nhttps://docs.docker.com/go/credential-store/\n\n", cli.err());
        JsonNode sent = Json.parse(cli.daemon.lastRequest("POST /v1.41/auth").body());
        assertEquals("{\"username\":\"acc-user\",\"password\":\"acc-secret\",\"serveraddress\":\"127.0.0.1:5001\"}", sent.toString());

        JsonNode stored = Json.parse(Files.readAllBytes(config));
        assertEquals(base64("acc-user:acc-secret"), stored.path("auths").path(AUTH_SERVER).path("auth").asText());
        assertEquals("{{.ID}}", stored.path("psFormat").asText());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        assertTrue(Files.readString(config).contains("\n\t\"auths\": {"), Files.readString(config));

        // the stored credentials are tried first; unchanged, they are not written again nor warned about
        cli.reset();
        assertEquals(0, cli.run("", "login", AUTH_SERVER), cli.err());
        assertEquals("Login Succeeded\n", cli.out());
        assertEquals("Authenticating with existing credentials... [Username: acc-user]\n\n"
                + " Info -> To login with a different account, run 'berth logout' followed by 'berth login'\n\n\n", cli.err());

        cli.reset();
        assertEquals(0, cli.run("", "logout", AUTH_SERVER));
        assertEquals("Removing login credentials for 127.0.0.1:5001\n", cli.out());
        JsonNode after = Json.parse(Files.readAllBytes(config));
        assertFalse(after.path("auths").has(AUTH_SERVER), after.toString());
        assertTrue(Files.readString(config).contains("\"auths\": {}"), Files.readString(config)); // as Go writes it
        assertEquals("{{.ID}}", after.path("psFormat").asText());
    }

    @Test
    void aRefusedLoginStoresNothing() {
        cli.daemon.on("POST /v1.41/auth", (r, x) -> x.json(401,
                "{\"message\":\"login attempt to http://127.0.0.1:5001/v2/ failed with status: 401 Unauthorized\"}"));
        assertEquals(1, cli.run("acc-wrong\n", "login", "-u", "acc-user", "--password-stdin", AUTH_SERVER));
        assertEquals("Error response from daemon: login attempt to http://127.0.0.1:5001/v2/ failed with status: 401 Unauthorized\n",
                cli.err());
        assertFalse(Files.exists(config));
    }

    @Test
    void loginOptionsAreCheckedAsDockerChecksThem() {
        assertEquals(1, cli.run("x", "login", "--password-stdin", AUTH_SERVER));
        assertEquals("Must provide --username with --password-stdin\n", cli.err());
        cli.reset();
        assertEquals(1, cli.run("x", "login", "-u", "a", "-p", "b", "--password-stdin", AUTH_SERVER));
        assertEquals("WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n"
                + "--password and --password-stdin are mutually exclusive\n", cli.err());
        cli.reset();
        assertEquals(1, cli.run("", "login", AUTH_SERVER));
        assertEquals("Error: Cannot perform an interactive login from a non TTY device\n", cli.err());
        assertTrue(cli.daemon.requests("POST /v1.41/auth").isEmpty());
    }

    @Test
    void pushSendsTheStoredCredentialsAndPrintsTheProgress() throws IOException {
        login("acc-user", "acc-secret");
        String path = "POST /v1.41/images/127.0.0.1:5001/acc/private/push";
        cli.daemon.on(path, (r, x) -> x.chunked(200, List.of(
                "{\"status\":\"The push refers to repository [127.0.0.1:5001/acc/private]\"}\r\n",
                "{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"0123456789ab\"}\r\n",
                "{\"status\":\"Pushing\",\"progressDetail\":{\"current\":512,\"total\":1024},\"progress\":\"[==>  ]\",\"id\":\"0123456789ab\"}\r\n",
                "{\"status\":\"Pushed\",\"progressDetail\":{},\"id\":\"0123456789ab\"}\r\n",
                "{\"status\":\"1: digest: sha256:abcd size: 527\"}\r\n",
                "{\"progressDetail\":{},\"aux\":{\"Tag\":\"1\",\"Digest\":\"sha256:abcd\",\"Size\":527}}\r\n")));
        assertEquals(0, cli.run("", "push", "127.0.0.1:5001/acc/private:1"), cli.err());
        assertEquals("The push refers to repository [127.0.0.1:5001/acc/private]\n0123456789ab: Preparing\n0123456789ab: Pushed\n"
                + "1: digest: sha256:abcd size: 527\n", cli.out());
        FakeDaemonRequest request = new FakeDaemonRequest(cli.daemon.lastRequest(path));
        assertEquals("tag=1", request.query());
        // docker sends the address the credentials are stored under
        assertEquals("{\"username\":\"acc-user\",\"password\":\"acc-secret\",\"serveraddress\":\"https://127.0.0.1:5001\"}", request.auth());

        cli.reset();
        assertEquals(0, cli.run("", "image", "push", "-q", "127.0.0.1:5001/acc/private:1"), cli.err());
        assertEquals("127.0.0.1:5001/acc/private:1\n", cli.out());
    }

    @Test
    void aPushRefusedInTheStreamFails() {
        cli.daemon.on("POST /v1.41/images/127.0.0.1:5001/acc/private/push", (r, x) -> x.chunked(200, List.of(
                "{\"status\":\"The push refers to repository [127.0.0.1:5001/acc/private]\"}\r\n",
                "{\"errorDetail\":{\"message\":\"no basic auth credentials\"},\"error\":\"no basic auth credentials\"}\r\n")));
        assertEquals(1, cli.run("", "push", "127.0.0.1:5001/acc/private"));
        assertEquals("Using default tag: latest\nThe push refers to repository [127.0.0.1:5001/acc/private]\n", cli.out());
        assertEquals("no basic auth credentials\n", cli.err());
        FakeDaemonRequest request = new FakeDaemonRequest(cli.daemon.lastRequest("POST /v1.41/images/127.0.0.1:5001/acc/private/push"));
        assertEquals("tag=latest", request.query());
        assertEquals("{}", request.auth());
    }

    @Test
    void pullPrintsTheProgressThenTheReference() {
        cli.daemon.on("POST /v1.41/images/create", (r, x) -> x.chunked(200, List.of(
                "{\"status\":\"Pulling from acc/bb\",\"id\":\"1.0\"}\r\n",
                "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"0123456789ab\"}\r\n",
                "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":1,\"total\":2},\"progress\":\"[=>  ]\",\"id\":\"0123456789ab\"}\r\n",
                "{\"status\":\"Download complete\",\"progressDetail\":{},\"id\":\"0123456789ab\"}\r\n",
                "{\"status\":\"Pull complete\",\"progressDetail\":{},\"id\":\"0123456789ab\"}\r\n",
                "{\"status\":\"Digest: sha256:abcd\"}\r\n",
                "{\"status\":\"Status: Downloaded newer image for 127.0.0.1:5000/acc/bb:1.0\"}\r\n")));
        assertEquals(0, cli.run("", "pull", "127.0.0.1:5000/acc/bb:1.0"), cli.err());
        assertEquals("1.0: Pulling from acc/bb\n0123456789ab: Pulling fs layer\n0123456789ab: Download complete\n"
                + "0123456789ab: Pull complete\nDigest: sha256:abcd\nStatus: Downloaded newer image for 127.0.0.1:5000/acc/bb:1.0\n"
                + "127.0.0.1:5000/acc/bb:1.0\n", cli.out());
        FakeDaemonRequest request = new FakeDaemonRequest(cli.daemon.lastRequest("POST /v1.41/images/create"));
        assertEquals("fromImage=127.0.0.1:5000/acc/bb&tag=1.0", CliHarness.decode(request.query()));
        assertEquals("{}", request.auth());

        cli.reset();
        assertEquals(0, cli.run("", "pull", "-q", "busybox"), cli.err());
        assertEquals("docker.io/library/busybox:latest\n", cli.out());
        assertEquals("fromImage=busybox&tag=latest",
                CliHarness.decode(cli.daemon.lastRequest("POST /v1.41/images/create").query()));
        cli.reset();
        assertEquals(0, cli.run("", "image", "pull", "--platform", "Linux/AMD64", "busybox"), cli.err());
        assertTrue(cli.out().startsWith("Using default tag: latest\n"), cli.out());
        assertTrue(cli.daemon.lastRequest("POST /v1.41/images/create").query().endsWith("&platform=linux%2Famd64")
                || cli.daemon.lastRequest("POST /v1.41/images/create").query().endsWith("&platform=linux/amd64"));
    }

    @Test
    void aMissingImageIsTheDaemonsError() {
        cli.daemon.on("POST /v1.41/images/create", (r, x) -> x.json(404,
                "{\"message\":\"manifest for 127.0.0.1:5000/acc/bb:nope not found: manifest unknown: manifest unknown\"}"));
        assertEquals(1, cli.run("", "pull", "127.0.0.1:5000/acc/bb:nope"));
        assertEquals("Error response from daemon: manifest for 127.0.0.1:5000/acc/bb:nope not found: manifest unknown: manifest unknown\n",
                cli.err());
        cli.reset();
        assertEquals(1, cli.run("", "pull", "Acc/BB"));
        assertTrue(cli.err().startsWith("invalid reference format"), cli.err());
    }

    @Test
    void runPullsAMissingImageWithTheStoredCredentials() throws IOException {
        login("acc-user", "acc-secret");
        List<String> creates = new ArrayList<>();
        cli.daemon.on("POST /v1.41/containers/create", (r, x) -> {
            creates.add("c");
            if (creates.size() == 1) {
                x.json(404, "{\"message\":\"No such image: 127.0.0.1:5001/acc/private:1\"}");
            } else {
                x.json(201, "{\"Id\":\"c1\"}");
            }
        });
        cli.daemon.on("POST /v1.41/images/create", (r, x) -> x.chunked(200, List.of(
                "{\"status\":\"Pulling from acc/private\",\"id\":\"1\"}\r\n",
                "{\"status\":\"Status: Downloaded newer image for 127.0.0.1:5001/acc/private:1\"}\r\n")));
        assertEquals(0, cli.run("", "create", "127.0.0.1:5001/acc/private:1"), cli.err());
        assertEquals("c1\n", cli.out());
        assertEquals("Unable to find image '127.0.0.1:5001/acc/private:1' locally\n1: Pulling from acc/private\n"
                + "Status: Downloaded newer image for 127.0.0.1:5001/acc/private:1\n", cli.err());
        FakeDaemonRequest request = new FakeDaemonRequest(cli.daemon.lastRequest("POST /v1.41/images/create"));
        assertEquals("{\"username\":\"acc-user\",\"password\":\"acc-secret\",\"serveraddress\":\"https://127.0.0.1:5001\"}", request.auth());
    }

    /** A config.json as docker login leaves it (the key as typed, https:// form to check the host match). */
    private void login(String user, String password) throws IOException {
        Files.createDirectories(config.getParent());
        Files.writeString(config, "{\"auths\":{\"https://" + AUTH_SERVER + "\":{\"auth\":\"" + base64(user + ":" + password) + "\"}}}");
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A request's query and its X-Registry-Auth, decoded as the daemon decodes it. */
    private record FakeDaemonRequest(dev.berth.cli.testing.FakeDaemon.Request request) {
        String query() {
            return request.query();
        }

        String auth() {
            return new String(Base64.getUrlDecoder().decode(request.header("X-Registry-Auth")), StandardCharsets.UTF_8);
        }
    }
}
