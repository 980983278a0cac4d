package dev.berth.cli.command;

import dev.berth.cli.api.Query;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth volume create [-d DRIVER] [--label K=V]... [-o K=V]... [VOLUME]}: POST /volumes/create; prints the name. */
@Command(name = "create", description = "Create a volume", customSynopsis = "[OPTIONS] [VOLUME]")
public final class VolumeCreateCommand extends EngineCommand {
    @Option(names = {"-d", "--driver"}, paramLabel = "string", description = "Specify volume driver name (default \"local\")", defaultValue = "local")
    String driver;

    @Option(names = "--label", paramLabel = "list", description = "Set metadata for a volume")
    List<String> labels = new ArrayList<>();

    @Option(names = {"-o", "--opt"}, paramLabel = "map", description = "Set driver specific options (default map[])")
    List<String> options = new ArrayList<>();

    @Parameters(arity = "0..1", paramLabel = "VOLUME")
    String name;

    @Override
    protected int execute() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Driver", driver);
        body.put("DriverOpts", pairs(options, "-o, --opt"));
        body.put("Labels", pairs(labels, "--label"));
        body.put("Name", name == null ? "" : name);
        String created = client().post("/volumes/create", Query.of(), body).path("Name").asText();
        io().out().println(created);
        io().out().flush();
        return 0;
    }

    /** docker's opts: "k=v" (a label may be a bare key, an option may not). */
    private static Map<String, String> pairs(List<String> values, String flag) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String value : values) {
            int eq = value.indexOf('=');
            if (eq < 0 && flag.startsWith("-o")) {
                throw new IllegalArgumentException("invalid argument \"" + value + "\" for \"" + flag
                        + "\" flag: invalid key value pair format in driver options");
            }
            map.put(eq < 0 ? value : value.substring(0, eq), eq < 0 ? "" : value.substring(eq + 1));
        }
        return map;
    }
}
