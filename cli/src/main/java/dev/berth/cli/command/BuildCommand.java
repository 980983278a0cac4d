package dev.berth.cli.command;

import dev.berth.cli.api.ApiException;
import dev.berth.cli.api.JsonMessageDisplay;
import dev.berth.cli.build.BuildFailure;
import dev.berth.cli.build.ContextSource;
import dev.berth.cli.build.UploadProgress;
import dev.berth.cli.http.HttpRequest;
import dev.berth.cli.http.HttpResponse;
import dev.berth.cli.http.RequestBody;
import dev.berth.cli.terminal.Terminal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth build} / {@code berth image build}: docker's legacy (non-BuildKit) build client.
 * The context is archived while it is sent (chunked), its progress printed as docker's
 * "Sending build context to Docker daemon", then the daemon's JSON message stream is shown;
 * -q keeps all of it back and prints only the image id, --iidfile writes it to a file.
 */
@Command(name = "build", description = "Build an image from a Dockerfile", customSynopsis = "berth build [OPTIONS] PATH | URL | -")
public final class BuildCommand extends EngineCommand {

    @Option(names = {"-t", "--tag"}, paramLabel = "list", description = "Name and optionally a tag in the \"name:tag\" format")
    List<String> tags = new ArrayList<>();

    @Option(names = {"-f", "--file"}, paramLabel = "string", description = "Name of the Dockerfile (Default is \"PATH/Dockerfile\")")
    String file = "";

    @Option(names = "--build-arg", paramLabel = "list", description = "Set build-time variables")
    List<String> buildArgs = new ArrayList<>();

    @Option(names = "--label", paramLabel = "list", description = "Set metadata for an image")
    List<String> labels = new ArrayList<>();

    @Option(names = "--no-cache", description = "Do not use cache when building the image")
    boolean noCache;

    @Option(names = "--pull", description = "Always attempt to pull a newer version of the image")
    boolean pull;

    @Option(names = "--target", paramLabel = "string", description = "Set the target build stage to build.")
    String target;

    @Option(names = {"-q", "--quiet"}, description = "Suppress the build output and print image ID on success")
    boolean quiet;

    @Option(names = "--iidfile", paramLabel = "string", description = "Write the image ID to the file")
    String iidFile;

    @Option(names = "--network", paramLabel = "string", description = "Set the networking mode for the RUN instructions during build (default \"default\")")
    String network = "default";

    @Option(names = "--platform", paramLabel = "string", description = "Set platform if server is multi-platform capable")
    String platform;

    @Option(names = "--rm", arity = "0..1", fallbackValue = "true", paramLabel = "", description = "Remove intermediate containers after a successful build (default true)")
    boolean rm = true;

    @Option(names = "--force-rm", description = "Always remove intermediate containers")
    boolean forceRm;

    @Option(names = "--add-host", paramLabel = "list", description = "Add a custom host-to-IP mapping (\"host:ip\")")
    List<String> extraHosts = new ArrayList<>();

    @Option(names = "--cache-from", paramLabel = "strings", split = ",", description = "Images to consider as cache sources")
    List<String> cacheFrom = new ArrayList<>();

    @Option(names = "--security-opt", paramLabel = "strings", split = ",", description = "Security options")
    List<String> securityOpts = new ArrayList<>();

    @Option(names = "--isolation", paramLabel = "string", description = "Container isolation technology")
    String isolation;

    @Option(names = "--cgroup-parent", paramLabel = "string", description = "Set the parent cgroup for the \"RUN\" instructions during build")
    String cgroupParent;

    @Option(names = {"-m", "--memory"}, paramLabel = "bytes", description = "Memory limit")
    String memory;

    @Option(names = "--memory-swap", paramLabel = "bytes", description = "Swap limit equal to memory plus swap: -1 to enable unlimited swap")
    String memorySwap;

    @Option(names = "--shm-size", paramLabel = "bytes", description = "Size of \"/dev/shm\"")
    String shmSize;

    @Option(names = {"-c", "--cpu-shares"}, paramLabel = "int", description = "CPU shares (relative weight)")
    long cpuShares;

    @Option(names = "--cpu-period", paramLabel = "int", description = "Limit the CPU CFS (Completely Fair Scheduler) period")
    long cpuPeriod;

    @Option(names = "--cpu-quota", paramLabel = "int", description = "Limit the CPU CFS (Completely Fair Scheduler) quota")
    long cpuQuota;

    @Option(names = "--cpuset-cpus", paramLabel = "string", description = "CPUs in which to allow execution (0-3, 0,1)")
    String cpusetCpus;

    @Option(names = "--cpuset-mems", paramLabel = "string", description = "MEMs in which to allow execution (0-3, 0,1)")
    String cpusetMems;

    @Option(names = "--ulimit", paramLabel = "ulimit", description = "Ulimit options (default [])")
    List<String> ulimits = new ArrayList<>();

    @Option(names = "--compress", description = "Compress the build context using gzip")
    boolean compress;

    @Option(names = "--squash", description = "Squash newly built layers into a single new layer")
    boolean squash;

    @Option(names = "--disable-content-trust", arity = "0..1", fallbackValue = "true", paramLabel = "", description = "Skip image verification (default true)")
    boolean disableContentTrust = true;

    @Parameters(index = "0", paramLabel = "PATH | URL | -")
    String context;

    @Override
    protected int execute() throws Exception {
        if (platform == null) {
            platform = session().env("DOCKER_DEFAULT_PLATFORM");
        }
        BuildParameters.query(this, ""); // docker checks flag values before it looks at the context
        Terminal terminal = session().terminal();
        boolean tty = terminal.stdoutIsTerminal();
        // with -q, docker keeps the progress and the daemon's output back, to show them only on failure
        ByteArrayOutputStream progressBuffer = new ByteArrayOutputStream();
        ByteArrayOutputStream buildBuffer = new ByteArrayOutputStream();
        PrintStream progressOut = quiet ? new PrintStream(progressBuffer, true, StandardCharsets.UTF_8) : io().out();
        PrintStream buildOut = quiet ? new PrintStream(buildBuffer, true, StandardCharsets.UTF_8) : io().out();
        removeStaleIdFile();

        ContextSource.Prepared prepared;
        try {
            prepared = new ContextSource(Path.of("").toAbsolutePath(), io().stdin()).prepare(context, file, compress);
        } catch (BuildFailure e) {
            throw new CommandFailure(1, e.getMessage());
        }
        InputStream body = new UploadProgress(prepared.archive(), progressOut, tty);
        HttpRequest request = client().request("POST", "/build", BuildParameters.query(this, prepared.dockerfile()))
                .withHeader("X-Registry-Config", Base64.getUrlEncoder().encodeToString("{}".getBytes(StandardCharsets.UTF_8)))
                .withBody(RequestBody.stream("application/x-tar", body, -1));

        String[] imageId = {""};
        try (HttpResponse response = sendBuild(request, progressBuffer)) {
            JsonMessageDisplay display = new JsonMessageDisplay(buildOut, tty && !quiet, width(terminal), aux -> {
                if (aux.isObject()) {
                    imageId[0] = aux.path("ID").asText("");
                } else {
                    io().err().print("Failed to parse aux message: json: cannot unmarshal " + aux.getNodeType().toString().toLowerCase()
                            + " into Go value of type build.Result");
                }
            });
            display.display(response.body());
        } catch (JsonMessageDisplay.Failure e) {
            if (quiet) {
                io().err().print(progressBuffer.toString(StandardCharsets.UTF_8) + buildBuffer.toString(StandardCharsets.UTF_8));
            }
            io().out().flush();
            throw new CommandFailure(e.code(), e.getMessage());
        }
        if (quiet) {
            // docker prints what the daemon said under q=1: the image id and its newline
            imageId[0] = buildBuffer.size() > 0 || imageId[0].isEmpty() ? buildBuffer.toString(StandardCharsets.UTF_8) : imageId[0] + "\n";
            io().out().print(imageId[0]);
        }
        io().out().flush();
        writeIdFile(imageId[0]);
        return 0;
    }

    private HttpResponse sendBuild(HttpRequest request, ByteArrayOutputStream progressBuffer) throws IOException, ApiException {
        try {
            return client().send(request);
        } catch (ApiException e) {
            if (quiet) {
                io().err().print(progressBuffer.toString(StandardCharsets.UTF_8));
            }
            io().out().flush();
            throw e;
        }
    }

    private static int width(Terminal terminal) {
        Terminal.Size size = terminal.stdoutIsTerminal() ? terminal.size() : null;
        return size == null ? 0 : size.columns();
    }

    /** docker removes an old --iidfile first, so a failed build never leaves a stale id behind. */
    private void removeStaleIdFile() {
        if (iidFile == null || iidFile.isEmpty()) {
            return;
        }
        try {
            Files.deleteIfExists(Path.of(iidFile));
        } catch (IOException e) {
            throw new CommandFailure(1, "Removing image ID file: remove " + iidFile + ": " + goText(e));
        }
    }

    private void writeIdFile(String imageId) {
        if (iidFile == null || iidFile.isEmpty()) {
            return;
        }
        if (imageId.isEmpty()) {
            throw new CommandFailure(1, "Server did not provide an image ID. Cannot write " + iidFile);
        }
        try {
            Files.writeString(Path.of(iidFile), imageId);
        } catch (IOException e) {
            throw new CommandFailure(1, "open " + iidFile + ": " + goText(e));
        }
    }

    private static String goText(IOException e) {
        return switch (e) {
            case java.nio.file.DirectoryNotEmptyException ignored -> "directory not empty";
            case java.nio.file.AccessDeniedException ignored -> "permission denied";
            case java.nio.file.NoSuchFileException ignored -> "no such file or directory";
            default -> e.getMessage();
        };
    }
}
