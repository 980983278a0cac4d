package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Query;
import dev.berth.cli.attach.AttachedStreams;
import dev.berth.cli.attach.DetachKeys;
import dev.berth.cli.attach.TtyResizer;
import dev.berth.cli.flags.KeyValueFile;
import dev.berth.cli.http.HijackedConnection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth exec}: as docker's — inspect the container (so "No such container" wins), create
 * the exec, start it attached (or detached with -d), keep a TTY the window's size, then exit
 * with the exec's ExitCode.
 */
@Command(name = "exec", description = "Execute a command in a running container",
        customSynopsis = "[OPTIONS] CONTAINER COMMAND [ARG...]")
public final class ExecCommand extends EngineCommand implements OptionsBeforeArguments {

    @Option(names = {"-d", "--detach"}, description = "Detached mode: run command in the background")
    boolean detach;

    @Option(names = "--detach-keys", paramLabel = "string", description = "Override the key sequence for detaching a container")
    String detachKeys;

    @Option(names = {"-e", "--env"}, paramLabel = "list", description = "Set environment variables")
    List<String> env = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "list", description = "Read in a file of environment variables")
    List<Path> envFiles = new ArrayList<>();

    @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open even if not attached")
    boolean interactive;

    @Option(names = "--privileged", description = "Give extended privileges to the command")
    boolean privileged;

    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY")
    boolean tty;

    @Option(names = {"-u", "--user"}, paramLabel = "string", description = "Username or UID (format: \"<name|uid>[:<group|gid>]\")")
    String user;

    @Option(names = {"-w", "--workdir"}, paramLabel = "string", description = "Working directory inside the container")
    String workdir;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND")
    List<String> command = new ArrayList<>();

    /** The body of POST /containers/{id}/exec, fields in docker's order. */
    Map<String, Object> execConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("User", user == null ? "" : user);
        config.put("Privileged", privileged);
        config.put("Tty", tty);
        config.put("AttachStdin", !detach && interactive);
        config.put("AttachStderr", !detach);
        config.put("AttachStdout", !detach);
        config.put("Detach", detach);
        config.put("DetachKeys", detachKeys == null ? "" : detachKeys);
        List<String> environment = environment();
        config.put("Env", environment.isEmpty() ? null : environment);
        config.put("WorkingDir", workdir == null ? "" : workdir);
        config.put("Cmd", command);
        return config;
    }

    private List<String> environment() {
        List<String> result = new ArrayList<>();
        for (Path file : envFiles) {
            result.addAll(KeyValueFile.parse(file, session()::env));
        }
        for (String variable : env) {
            if (variable.startsWith("=")) {
                throw new IllegalArgumentException("invalid argument \"" + variable + "\" for \"-e, --env\" flag: invalid environment variable: " + variable);
            }
            if (variable.contains("=")) {
                result.add(variable);
            } else if (session().env(variable) != null) {
                result.add(variable + "=" + session().env(variable));
            }
        }
        return result;
    }

    @Override
    protected int execute() throws Exception {
        Map<String, Object> config = execConfig();
        // as docker: an inspect first, so that a missing container is reported as such
        client().get("/containers/" + container + "/json", Query.of());
        boolean attachStdin = (Boolean) config.get("AttachStdin");
        if (!detach && attachStdin && tty && !session().terminal().stdinIsTerminal()) {
            throw new CommandFailure(1, "the input device is not a TTY");
        }
        JsonNode created = client().post("/containers/" + container + "/exec", Query.of(), config);
        String execId = created.path("Id").asText("");
        if (execId.isEmpty()) {
            throw new CommandFailure(1, "exec ID empty");
        }
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("Detach", detach);
        start.put("Tty", tty);
        if (detach) {
            client().post("/exec/" + execId + "/start", Query.of(), start);
            return 0;
        }
        boolean detached;
        try (HijackedConnection connection = client().hijack("/exec/" + execId + "/start", Query.of(), start);
             TtyResizer resizer = tty && session().terminal().stdinIsTerminal()
                     ? TtyResizer.forExec(client(), execId, session().terminal(), io().err()).monitor() : null) {
            io().out().flush();
            detached = new AttachedStreams(connection, tty, attachStdin ? io().stdin() : null, io().rawOut(),
                    tty ? io().rawOut() : io().rawErr(), DetachKeys.orDefault(detachKeys), session().terminal()).stream();
        }
        if (detached) {
            throw new CommandFailure(1, "read escape sequence");
        }
        JsonNode inspect = client().get("/exec/" + execId + "/json", Query.of());
        return inspect.path("ExitCode").asInt(0);
    }
}
