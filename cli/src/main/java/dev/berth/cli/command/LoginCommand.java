package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.api.ApiException;
import dev.berth.cli.api.Json;
import dev.berth.cli.api.Query;
import dev.berth.cli.registry.DockerConfig;
import dev.berth.cli.registry.RegistryAuth;
import dev.berth.cli.registry.StoredCredentials;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth login [SERVER]}: the daemon checks the credentials (POST /auth), then they are kept in
 * docker's config file, so docker and berth share them. Docker 28's flow and words: stored credentials
 * are tried first when neither -u nor -p is given; without a terminal both are needed.
 */
@Command(name = "login", description = "Authenticate to a registry")
public final class LoginCommand extends EngineCommand {

    @Option(names = {"-u", "--username"}, paramLabel = "string", description = "Username")
    String username;

    @Option(names = {"-p", "--password"}, paramLabel = "string", description = "Password or Personal Access Token (PAT)")
    String password;

    @Option(names = "--password-stdin", description = "Take the Password or Personal Access Token (PAT) from stdin")
    boolean passwordStdin;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVER")
    String server;

    @Override
    protected int execute() throws Exception {
        if (password != null && !password.isEmpty()) {
            io().err().println("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
            if (passwordStdin) {
                throw new CommandFailure(1, "--password and --password-stdin are mutually exclusive");
            }
        }
        if (passwordStdin) {
            if (username == null || username.isEmpty()) {
                throw new CommandFailure(1, "Must provide --username with --password-stdin");
            }
            password = readStdin();
        }
        String address = server == null || server.isEmpty() || server.equals("docker.io") ? RegistryAuth.INDEX_SERVER : server;
        DockerConfig config = DockerConfig.load(DockerConfig.location(session()::env));

        boolean noFlags = (username == null || username.isEmpty()) && (password == null || password.isEmpty());
        Optional<StoredCredentials> stored = noFlags ? config.get(address).filter(StoredCredentials::hasPassword) : Optional.empty();
        if (stored.isPresent()) {
            io().err().print("Authenticating with existing credentials... [Username: " + stored.get().username() + "]\n\n"
                    + " Info -> To login with a different account, run 'berth logout' followed by 'berth login'\n\n\n");
            try {
                return finish(config, new StoredCredentials(address, stored.get().username(), stored.get().password(), null));
            } catch (ApiException e) {
                io().err().println(e.status() == 401 ? "Stored credentials invalid or expired" : "Login did not succeed, error: " + e.display());
            }
        }
        return finish(config, prompt(address, stored.map(StoredCredentials::username).orElse(null)));
    }

    /** POST /auth, then the credentials (or the identity token the registry gave) are stored. */
    private int finish(DockerConfig config, StoredCredentials credentials) throws IOException, ApiException {
        ObjectNode body = Json.mapper().createObjectNode()
                .put("username", credentials.username()).put("password", credentials.password())
                .put("serveraddress", credentials.serverAddress());
        JsonNode response = client().post("/auth", Query.of(), body);
        String token = response.path("IdentityToken").asText("");
        StoredCredentials kept = token.isEmpty() ? credentials
                : new StoredCredentials(credentials.serverAddress(), credentials.username(), null, token);
        boolean written;
        try {
            written = config.store(kept);
        } catch (IOException e) {
            throw new CommandFailure(1, "Error saving credentials: " + e.getMessage());
        }
        // docker warns when it writes a password, not when the same one was already there
        if (written && kept.password() != null) {
            io().err().print("\nWARNING! Your credentials are stored unencrypted in '" + config.file() + "'.\n"
                    + "Configure a credential helper to remove this warning. See\n"
                    + "https://docs.docker.com/go/credential-store/\n\n");
        }
        String status = response.path("Status").asText("");
        if (!status.isEmpty()) {
            io().out().println(status);
        }
        io().out().flush();
        return 0;
    }

    /** What -u/-p gave, the rest asked for on the terminal (none: docker's non-TTY error). */
    private StoredCredentials prompt(String address, String defaultUser) throws IOException {
        String user = username;
        String pass = password;
        if ((user == null || user.isEmpty() || pass == null || pass.isEmpty()) && !session().terminal().stdinIsTerminal()) {
            throw new CommandFailure(1, "Error: Cannot perform an interactive login from a non TTY device");
        }
        Console console = System.console();
        if (user == null || user.isEmpty()) {
            io().out().print(defaultUser != null ? "Username (" + defaultUser + "): " : "Username: ");
            io().out().flush();
            String line = console != null ? console.readLine() : new BufferedReader(new InputStreamReader(io().stdin(), StandardCharsets.UTF_8)).readLine();
            user = line == null || line.strip().isEmpty() ? defaultUser : line.strip();
            if (user == null || user.isEmpty()) {
                throw new CommandFailure(1, "Error: Non-null Username Required");
            }
        }
        if (pass == null || pass.isEmpty()) {
            io().out().print("Password: ");
            io().out().flush();
            char[] typed = console != null ? console.readPassword() : null;
            io().out().println();
            pass = typed == null ? "" : new String(typed);
            if (pass.isEmpty()) {
                throw new CommandFailure(1, "Error: Password Required");
            }
        }
        return new StoredCredentials(address, user, pass, null);
    }

    /** The whole of stdin without its last line ending, as docker reads --password-stdin. */
    private String readStdin() throws IOException {
        String text = new String(io().stdin().readAllBytes(), StandardCharsets.UTF_8);
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        return text;
    }
}
