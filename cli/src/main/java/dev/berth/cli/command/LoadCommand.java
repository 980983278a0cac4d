package dev.berth.cli.command;

import dev.berth.cli.api.JsonMessageStream;
import dev.berth.cli.api.Query;
import dev.berth.cli.http.HttpRequest;
import dev.berth.cli.http.HttpResponse;
import dev.berth.cli.http.RequestBody;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth load}: POST /images/load with the archive from -i or stdin (streamed, never held
 * whole), then the daemon's messages ("Loaded image: busybox:latest") as docker prints them.
 */
@Command(name = "load", description = "Load an image from a tar archive or STDIN", customSynopsis = "[OPTIONS]")
public final class LoadCommand extends EngineCommand {

    @Option(names = {"-i", "--input"}, paramLabel = "string", description = "Read from tar archive file, instead of STDIN")
    String input;

    @Option(names = {"-q", "--quiet"}, description = "Suppress the load output")
    boolean quiet;

    @Override
    protected int execute() throws Exception {
        RequestBody body;
        if (input == null || input.isEmpty()) {
            if (session().terminal().stdinIsTerminal()) {
                throw new CommandFailure(1, "requested load from stdin, but stdin is empty");
            }
            body = RequestBody.stream("application/x-tar", io().stdin(), -1);
        } else {
            Path file = Path.of(input);
            try {
                long size = Files.size(file);
                InputStream in = Files.newInputStream(file);
                body = RequestBody.stream("application/x-tar", in, size);
            } catch (NoSuchFileException e) {
                throw new CommandFailure(1, "open " + input + ": no such file or directory");
            }
        }
        HttpRequest request = client().request("POST", "/images/load", Query.of().flag("quiet", quiet)).withBody(body);
        try (HttpResponse response = client().send(request)) {
            io().out().flush();
            JsonMessageStream.display(response.body(), io().out());
        }
        io().out().flush();
        return 0;
    }
}
