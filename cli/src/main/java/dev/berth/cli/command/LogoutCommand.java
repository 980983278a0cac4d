package dev.berth.cli.command;

import dev.berth.cli.registry.DockerConfig;
import dev.berth.cli.registry.RegistryAuth;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code berth logout [SERVER]}: removes the stored credentials of the server from docker's config file,
 * under each form docker may have saved them ("host", "http://host", "https://host").
 */
@Command(name = "logout", description = "Log out from a registry")
public final class LogoutCommand extends EngineCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVER")
    String server;

    @Override
    protected int execute() throws Exception {
        boolean hub = server == null || server.isEmpty();
        String address = hub ? RegistryAuth.INDEX_SERVER : server;
        String hostname = hub ? address : DockerConfig.hostname(address);
        List<String> keys = hub ? List.of(address) : List.of(address, hostname, "http://" + hostname, "https://" + hostname);
        io().out().println("Removing login credentials for " + hostname);
        io().out().flush();
        Map<String, String> errors = new LinkedHashMap<>();
        DockerConfig config = DockerConfig.load(DockerConfig.location(session()::env));
        for (String key : keys) {
            try {
                config.erase(key);
            } catch (IOException e) {
                errors.put(key, e.getMessage());
            }
        }
        if (errors.size() == keys.size()) {
            io().err().println("WARNING: could not erase credentials:");
            errors.forEach((key, message) -> io().err().println(key + ": " + message));
        }
        return 0;
    }
}
