package dev.berth.cli.command;

import dev.berth.cli.api.Json;
import dev.berth.cli.api.Query;
import dev.berth.cli.format.GoTemplate;
import dev.berth.cli.format.TemplateException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth info}: the daemon's GET /info, summarised like docker's. */
@Command(name = "info", description = "Display system-wide information")
public final class InfoCommand extends EngineCommand {
    private static final String TEMPLATE = """
            Client:
             Version:    {{.ClientInfo.Version}}

            Server:
             Containers: {{.Containers}}
              Running: {{.ContainersRunning}}
              Paused: {{.ContainersPaused}}
              Stopped: {{.ContainersStopped}}
             Images: {{.Images}}
             Server Version: {{.ServerVersion}}
             Storage Driver: {{.Driver}}
             Logging Driver: {{.LoggingDriver}}
             Cgroup Driver: {{.CgroupDriver}}
             Cgroup Version: {{.CgroupVersion}}
             Kernel Version: {{.KernelVersion}}
             Operating System: {{.OperatingSystem}}
             OSType: {{.OSType}}
             Architecture: {{.Architecture}}
             CPUs: {{.NCPU}}
             Total Memory: {{.MemTotalText}}
             Name: {{.Name}}
             ID: {{.ID}}
             Docker Root Dir: {{.DockerRootDir}}
             Debug Mode: {{.Debug}}""";

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
        Object server = Json.plain(client().get("/info", Query.of()));
        Map<String, Object> data = new LinkedHashMap<>();
        if (server instanceof Map<?, ?> fields) {
            fields.forEach((k, v) -> data.put(String.valueOf(k), v));
        }
        data.put("ClientInfo", Map.of("Version", Version.current()));
        if (format == null || format.isEmpty()) {
            Object mem = data.get("MemTotal");
            data.put("MemTotalText", mem instanceof Number n ? dev.berth.cli.format.Humanize.binarySize(n.doubleValue()) : "");
        }
        io().out().println(template.execute(data));
        io().out().flush();
        return 0;
    }
}
