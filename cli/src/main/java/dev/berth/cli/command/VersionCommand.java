package dev.berth.cli.command;

import dev.berth.cli.api.ApiException;
import dev.berth.cli.api.DaemonUnavailableException;
import dev.berth.cli.api.EngineClient;
import dev.berth.cli.api.Json;
import dev.berth.cli.api.Query;
import dev.berth.cli.format.GoTemplate;
import dev.berth.cli.format.TableWriter;
import dev.berth.cli.format.TemplateException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth version}: client and daemon versions. */
@Command(name = "version", description = "Show the Berth version information")
public final class VersionCommand extends EngineCommand {
    private static final String TEMPLATE = """
            Client:
             Version:\t{{.Client.Version}}
             API version:\t{{.Client.ApiVersion}}
             Java version:\t{{.Client.JavaVersion}}
             OS/Arch:\t{{.Client.Os}}/{{.Client.Arch}}
            {{- with .Server}}

            Server:{{with .Platform}}{{if .Name}} {{.Name}}{{end}}{{end}}
             Engine:
              Version:\t{{.Version}}
              API version:\t{{.ApiVersion}}{{if .MinAPIVersion}} (minimum version {{.MinAPIVersion}}){{end}}
              Git commit:\t{{.GitCommit}}
              Built:\t{{.BuildTime}}
              OS/Arch:\t{{.Os}}/{{.Arch}}
              Kernel Version:\t{{.KernelVersion}}
            {{- end}}""";

    @Option(names = {"-f", "--format"}, paramLabel = "string", description = "Format output using a custom template")
    String format;

    @Override
    protected int execute() throws Exception {
        GoTemplate template;
        try {
            template = GoTemplate.parse(format == null || format.isEmpty() ? TEMPLATE : format);
        } catch (TemplateException e) {
            throw new CommandFailure(1, "template parsing error: " + e.getMessage());
        }
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("Version", Version.current());
        client.put("ApiVersion", EngineClient.API_VERSION);
        client.put("JavaVersion", System.getProperty("java.version"));
        client.put("Os", "linux");
        client.put("Arch", goArch(System.getProperty("os.arch")));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("Client", client);
        data.put("Server", null);
        Exception serverError = null;
        try {
            data.put("Server", Json.plain(client().get("/version", Query.of())));
        } catch (ApiException | DaemonUnavailableException e) {
            serverError = e;
        }
        String text = template.execute(data);
        io().out().println(format == null || format.isEmpty() ? new TableWriter(20, 1).format(text) : text);
        io().out().flush();
        if (serverError != null) {
            throw serverError;
        }
        return 0;
    }

    private static String goArch(String arch) {
        return switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
    }
}
