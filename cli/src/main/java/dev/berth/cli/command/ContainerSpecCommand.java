package dev.berth.cli.command;

import dev.berth.cli.flags.KeyValueFile;
import dev.berth.cli.flags.RestartPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The flags create and run share, and the POST /containers/create body they make. Option
 * parsing stops at the image: what follows is the container's command, even "-x" words.
 */
public abstract class ContainerSpecCommand extends EngineCommand implements OptionsBeforeArguments {

    @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open even if not attached")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY")
    boolean tty;

    @Option(names = "--rm", description = "Automatically remove the container and its associated anonymous volumes when it exits")
    boolean autoRemove;

    @Option(names = {"-e", "--env"}, paramLabel = "list", description = "Set environment variables")
    List<String> env = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "list", description = "Read in a file of environment variables")
    List<Path> envFiles = new ArrayList<>();

    @Option(names = {"-w", "--workdir"}, paramLabel = "string", description = "Working directory inside the container")
    String workdir;

    @Option(names = {"-u", "--user"}, paramLabel = "string", description = "Username or UID (format: <name|uid>[:<group|gid>])")
    String user;

    @Option(names = "--name", paramLabel = "string", description = "Assign a name to the container")
    String name;

    @Option(names = "--entrypoint", paramLabel = "string", description = "Overwrite the default ENTRYPOINT of the image")
    String entrypoint;

    @Option(names = {"-p", "--publish"}, paramLabel = "list", description = "Publish a container's port(s) to the host")
    List<String> publish = new ArrayList<>();

    @Option(names = {"-P", "--publish-all"}, description = "Publish all exposed ports to random ports")
    boolean publishAll;

    @Option(names = "--expose", paramLabel = "list", description = "Expose a port or a range of ports")
    List<String> expose = new ArrayList<>();

    @Option(names = {"-v", "--volume"}, paramLabel = "list", description = "Bind mount a volume")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--mount", paramLabel = "mount", description = "Attach a filesystem mount to the container")
    List<String> mounts = new ArrayList<>();

    @Option(names = "--tmpfs", paramLabel = "list", description = "Mount a tmpfs directory")
    List<String> tmpfs = new ArrayList<>();

    @Option(names = "--volumes-from", paramLabel = "list", description = "Mount volumes from the specified container(s)")
    List<String> volumesFrom = new ArrayList<>();

    @Option(names = {"--network", "--net"}, paramLabel = "network", description = "Connect a container to a network")
    String network;

    @Option(names = {"--network-alias", "--net-alias"}, paramLabel = "list", description = "Add network-scoped alias for the container")
    List<String> networkAliases = new ArrayList<>();

    @Option(names = "--ip", paramLabel = "string", description = "IPv4 address (e.g., 172.30.100.104)")
    String ip;

    @Option(names = {"-h", "--hostname"}, paramLabel = "string", description = "Container host name")
    String hostname;

    @Option(names = {"-l", "--label"}, paramLabel = "list", description = "Set meta data on a container")
    List<String> labels = new ArrayList<>();

    @Option(names = "--label-file", paramLabel = "list", description = "Read in a line delimited file of labels")
    List<Path> labelFiles = new ArrayList<>();

    @Option(names = "--restart", paramLabel = "string", description = "Restart policy to apply when a container exits (default \"no\")")
    String restart;

    @Option(names = "--stop-signal", paramLabel = "string", description = "Signal to stop the container")
    String stopSignal;

    @Option(names = "--stop-timeout", paramLabel = "int", description = "Timeout (in seconds) to stop a container")
    Integer stopTimeout;

    @Mixin
    PrivilegeFlags privileges = new PrivilegeFlags();

    @Mixin
    ResourceFlags resources = new ResourceFlags();

    @Mixin
    DnsFlags dnsFlags = new DnsFlags();

    @Mixin
    HealthFlags health = new HealthFlags();

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image to create the container from")
    String image;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "COMMAND", description = "The command and its arguments")
    List<String> command = new ArrayList<>();

    /** True for run -d; create never attaches. */
    protected abstract boolean detached();

    /** The body of POST /containers/create; bad flag values throw IllegalArgumentException with docker's words. */
    public Map<String, Object> createBody() {
        Map<String, Object> restartPolicy = RestartPolicy.parse(restart == null ? "no" : restart);
        if (autoRemove && !RestartPolicy.isNone(restartPolicy)) {
            throw new IllegalArgumentException("conflicting options: cannot specify both --restart and --rm");
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
        Map<String, Object> healthcheck = health.healthcheck();
        if (healthcheck != null) {
            body.put("Healthcheck", healthcheck);
        }
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
        Map<String, String> allLabels = labels();
        if (!allLabels.isEmpty()) {
            body.put("Labels", allLabels);
        }
        putIfSet(body, "StopSignal", stopSignal);
        if (stopTimeout != null) {
            body.put("StopTimeout", stopTimeout);
        }
        Map<String, Object> host = new LinkedHashMap<>();
        host.put("Binds", volumeSpecs.binds().isEmpty() ? null : volumeSpecs.binds());
        host.put("NetworkMode", network == null || network.isEmpty() ? "default" : network);
        host.put("PortBindings", ports.bindings());
        host.put("RestartPolicy", restartPolicy);
        host.put("AutoRemove", autoRemove);
        if (!volumesFrom.isEmpty()) {
            host.put("VolumesFrom", volumesFrom);
        }
        if (publishAll) {
            host.put("PublishAllPorts", true);
        }
        if (!volumeSpecs.mounts().isEmpty()) {
            host.put("Mounts", volumeSpecs.mounts());
        }
        if (!volumeSpecs.tmpfs().isEmpty()) {
            host.put("Tmpfs", volumeSpecs.tmpfs());
        }
        privileges.applyTo(host);
        resources.applyTo(host);
        dnsFlags.applyTo(host);
        body.put("HostConfig", host);
        Map<String, Object> endpoints = NetworkSpec.endpointsConfig(network, networkAliases, ip);
        if (endpoints != null) {
            body.put("NetworkingConfig", Map.of("EndpointsConfig", endpoints));
        }
        return body;
    }

    /** --env-file lines, then -e (later wins in the daemon); KEY alone takes the CLI's value, dropped when unset. */
    List<String> environment() {
        List<String> result = new ArrayList<>();
        for (Path file : envFiles) {
            result.addAll(KeyValueFile.parse(file, session()::env));
        }
        for (String variable : env) {
            addVariable(result, variable);
        }
        return result;
    }

    private void addVariable(List<String> into, String variable) {
        if (variable.startsWith("=")) {
            throw new IllegalArgumentException("invalid argument \"" + variable + "\" for \"-e, --env\" flag: invalid environment variable: " + variable);
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

    /** --label-file lines (bare keys dropped), then -l; a later key wins. */
    private Map<String, String> labels() {
        List<String> all = new ArrayList<>();
        for (Path file : labelFiles) {
            all.addAll(KeyValueFile.parse(file, null));
        }
        for (String label : labels) {
            String key = (label.contains("=") ? label.substring(0, label.indexOf('=')) : label).stripLeading();
            if (key.isEmpty()) {
                throw new IllegalArgumentException("invalid argument \"" + label + "\" for \"-l, --label\" flag: invalid label '" + label + "': empty name");
            }
            if (key.contains(" ") || key.contains("\t")) {
                throw new IllegalArgumentException("invalid argument \"" + label + "\" for \"-l, --label\" flag: label '" + key + "' contains whitespaces");
            }
            all.add(label);
        }
        return keyValues(all);
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
        Map<String, Object> body;
        try {
            body = createBody();
        } catch (IllegalArgumentException e) {
            // docker: "docker: <problem>\n\nRun 'docker run --help' for more information", status 125
            throw new CommandFailure(125, "berth: " + e.getMessage() + "\n\nRun '" + qualifiedName() + " --help' for more information");
        }
        return new ContainerCreator(session(), qualifiedName()).create(name, body, image);
    }

    protected abstract String qualifiedName();
}
