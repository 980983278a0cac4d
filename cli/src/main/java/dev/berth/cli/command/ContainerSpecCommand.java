package dev.berth.cli.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The flags create and run share, and the POST /containers/create body they make. Option
 * parsing stops at the image: what follows is the container's command, even "-x" words.
 */
public abstract class ContainerSpecCommand extends EngineCommand {

    @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open even if not attached")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY")
    boolean tty;

    @Option(names = "--rm", description = "Automatically remove the container when it exits")
    boolean autoRemove;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", description = "Set environment variables")
    List<String> env = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "FILE", description = "Read in a file of environment variables")
    List<Path> envFiles = new ArrayList<>();

    @Option(names = {"-w", "--workdir"}, description = "Working directory inside the container")
    String workdir;

    @Option(names = {"-u", "--user"}, description = "Username or UID (format: <name|uid>[:<group|gid>])")
    String user;

    @Option(names = "--name", description = "Assign a name to the container")
    String name;

    @Option(names = "--entrypoint", description = "Overwrite the default ENTRYPOINT of the image")
    String entrypoint;

    @Option(names = {"-p", "--publish"}, paramLabel = "[IP:][HOST_PORT:]CONTAINER_PORT[/PROTO]", description = "Publish a container's port(s) to the host")
    List<String> publish = new ArrayList<>();

    @Option(names = "--expose", description = "Expose a port or a range of ports")
    List<String> expose = new ArrayList<>();

    @Option(names = {"-v", "--volume"}, description = "Bind mount a volume")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--mount", description = "Attach a filesystem mount to the container")
    List<String> mounts = new ArrayList<>();

    @Option(names = "--tmpfs", description = "Mount a tmpfs directory")
    List<String> tmpfs = new ArrayList<>();

    @Option(names = "--volumes-from", description = "Mount volumes from the specified container(s)")
    List<String> volumesFrom = new ArrayList<>();

    @Option(names = {"--network", "--net"}, description = "Connect a container to a network")
    String network;

    @Option(names = {"-h", "--hostname"}, description = "Container host name")
    String hostname;

    @Option(names = {"-l", "--label"}, description = "Set meta data on a container")
    List<String> labels = new ArrayList<>();

    @Option(names = "--restart", description = "Restart policy to apply when a container exits (default \"no\")")
    String restart;

    @Option(names = "--privileged", description = "Give extended privileges to this container")
    boolean privileged;

    @Option(names = "--init", description = "Run an init inside the container")
    boolean init;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image to create the container from")
    String image;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "The command and its arguments")
    List<String> command = new ArrayList<>();

    /** True for run -d; create never attaches. */
    protected abstract boolean detached();

    /** The body of POST /containers/create. */
    public Map<String, Object> createBody() throws IOException {
        if (autoRemove && restart != null && !restart.equals("no") && !restart.isEmpty()) {
            throw new IllegalArgumentException("Conflicting options: --restart and --rm");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        putIfSet(body, "Hostname", hostname);
        putIfSet(body, "User", user);
        boolean attach = !detached();
        body.put("AttachStdin", interactive && attach);
        body.put("AttachStdout", attach);
        body.put("AttachStderr", attach);
        PortSpecs ports = PortSpecs.parse(publish, expose);
        if (!ports.exposed().isEmpty()) {
            body.put("ExposedPorts", ports.exposed());
        }
        body.put("Tty", tty);
        body.put("OpenStdin", interactive);
        body.put("StdinOnce", interactive && attach);
        body.put("Env", environment());
        body.put("Cmd", command.isEmpty() ? null : command);
        body.put("Image", image);
        VolumeSpecs volumeSpecs = VolumeSpecs.parse(volumes, mounts, tmpfs);
        if (!volumeSpecs.anonymous().isEmpty()) {
            body.put("Volumes", volumeSpecs.anonymous());
        }
        putIfSet(body, "WorkingDir", workdir);
        if (entrypoint != null) {
            // --entrypoint "" clears the image's entrypoint, as docker sends it: [""]
            body.put("Entrypoint", List.of(entrypoint));
        }
        if (!labels.isEmpty()) {
            body.put("Labels", keyValues(labels));
        }
        Map<String, Object> host = new LinkedHashMap<>();
        host.put("Binds", volumeSpecs.binds().isEmpty() ? null : volumeSpecs.binds());
        host.put("NetworkMode", network == null || network.isEmpty() ? "default" : network);
        host.put("PortBindings", ports.bindings());
        host.put("RestartPolicy", restartPolicy());
        host.put("AutoRemove", autoRemove);
        if (!volumesFrom.isEmpty()) {
            host.put("VolumesFrom", volumesFrom);
        }
        if (!volumeSpecs.mounts().isEmpty()) {
            host.put("Mounts", volumeSpecs.mounts());
        }
        if (!volumeSpecs.tmpfs().isEmpty()) {
            host.put("Tmpfs", volumeSpecs.tmpfs());
        }
        if (privileged) {
            host.put("Privileged", true);
        }
        if (init) {
            host.put("Init", true);
        }
        body.put("HostConfig", host);
        if (network != null && !List.of("", "default", "bridge", "host", "none").contains(network) && !network.startsWith("container:")) {
            body.put("NetworkingConfig", Map.of("EndpointsConfig", Map.of(network, Map.of())));
        }
        return body;
    }

    /** -e KEY=VALUE as given; -e KEY takes the value from this shell, and is dropped when unset (docker's rule). */
    List<String> environment() throws IOException {
        List<String> result = new ArrayList<>();
        for (Path file : envFiles) {
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.stripLeading();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                addVariable(result, trimmed);
            }
        }
        for (String variable : env) {
            addVariable(result, variable);
        }
        return result;
    }

    private void addVariable(List<String> into, String variable) {
        if (variable.startsWith("=")) {
            throw new IllegalArgumentException("invalid environment variable: " + variable);
        }
        if (variable.contains("=")) {
            into.add(variable);
            return;
        }
        String value = session().env(variable);
        if (value != null) {
            into.add(variable + "=" + value);
        }
    }

    private Map<String, Object> restartPolicy() {
        Map<String, Object> policy = new LinkedHashMap<>();
        String spec = restart == null || restart.isEmpty() ? "no" : restart;
        String policyName = spec;
        int retries = 0;
        int colon = spec.indexOf(':');
        if (colon >= 0) {
            policyName = spec.substring(0, colon);
            try {
                retries = Integer.parseInt(spec.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid restart policy format: maximum retry count must be an integer");
            }
            if (!policyName.equals("on-failure")) {
                throw new IllegalArgumentException("invalid restart policy format: maximum retry count can only be used with 'on-failure'");
            }
        }
        if (!List.of("no", "always", "unless-stopped", "on-failure").contains(policyName)) {
            throw new IllegalArgumentException("invalid restart policy: unknown policy '" + policyName + "'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
        }
        policy.put("Name", policyName);
        policy.put("MaximumRetryCount", retries);
        return policy;
    }

    static Map<String, String> keyValues(List<String> pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            map.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
        }
        return map;
    }

    private static void putIfSet(Map<String, Object> body, String key, String value) {
        if (value != null && !value.isEmpty()) {
            body.put(key, value);
        }
    }

    /** Creates the container, pulling its image first when the daemon does not have it. */
    protected String createContainer() throws Exception {
        return new ContainerCreator(session(), qualifiedName()).create(name, createBody(), image);
    }

    protected abstract String qualifiedName();
}
