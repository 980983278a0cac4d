package dev.berth.cli.command;

import dev.berth.cli.api.ApiException;
import dev.berth.cli.api.DaemonUnavailableException;
import dev.berth.cli.api.Query;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth run}: create, then attach, start and wait (or just start with -d). */
@Command(name = "run", description = "Create and run a new container from an image",
        customSynopsis = "[OPTIONS] IMAGE [COMMAND] [ARG...]")
public final class RunCommand extends ContainerSpecCommand {

    @Option(names = {"-d", "--detach"}, description = "Run container in background and print container ID")
    boolean detach;

    @Option(names = "--sig-proxy", arity = "0..1", defaultValue = "true", fallbackValue = "true",
            description = "Proxy received signals to the process (default true)")
    boolean sigProxy = true;

    @Option(names = "--detach-keys", paramLabel = "string", description = "Override the key sequence for detaching a container")
    String detachKeys;

    @Override
    protected boolean detached() {
        return detach;
    }

    @Override
    protected String qualifiedName() {
        return "berth run";
    }

    @Override
    protected int execute() throws Exception {
        if (!detach && interactive && tty && !session().terminal().stdinIsTerminal()) {
            throw new CommandFailure(1, "the input device is not a TTY");
        }
        String id = createContainer();
        ContainerCreator creator = new ContainerCreator(session(), qualifiedName());
        if (detach) {
            try {
                client().post("/containers/" + id + "/start", Query.of(), null);
            } catch (ApiException e) {
                throw new CommandFailure(startFailureStatus(e.getMessage()), creator.daemonFailure(e.display()).getMessage());
            }
            io().out().println(id);
            return 0;
        }
        try {
            return new AttachedRun(session(), id, interactive, tty, autoRemove)
                    .detachKeys(detachKeys).proxySignals(sigProxy).run();
        } catch (AttachedRun.StartFailed e) {
            throw new CommandFailure(startFailureStatus(e.getMessage()),
                    creator.daemonFailure("Error response from daemon: " + e.getMessage()).getMessage());
        } catch (ApiException e) {
            throw creator.daemonFailure(e.display());
        } catch (DaemonUnavailableException e) {
            throw creator.daemonFailure(e.getMessage());
        }
    }

    /** docker's statuses when start fails: 127 command not found, 126 not executable, else 125. */
    static int startFailureStatus(String message) {
        if (message.contains("executable file not found") || message.contains("no such file or directory")
                || message.contains("system cannot find the file specified")) {
            return 127;
        }
        if (message.contains("permission denied") || message.contains("is a directory")) {
            return 126;
        }
        return 125;
    }
}
