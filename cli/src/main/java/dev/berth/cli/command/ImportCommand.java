package dev.berth.cli.command;

import dev.berth.cli.api.JsonMessageStream;
import dev.berth.cli.api.Query;
import dev.berth.cli.http.HttpRequest;
import dev.berth.cli.http.HttpResponse;
import dev.berth.cli.http.RequestBody;
import dev.berth.image.InvalidReferenceException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth import}: a root filesystem tarball becomes an image (POST /images/create?fromSrc=-). As docker's
 * ImageImport, REPOSITORY[:TAG] must parse (its error, status 1, no request) and is sent as written in repo=.
 */
@Command(name = "import", description = "Import the contents from a tarball to create a filesystem image",
        customSynopsis = "berth import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]")
public final class ImportCommand extends EngineCommand {

    @Option(names = {"-c", "--change"}, description = "Apply Dockerfile instruction to the created image")
    List<String> changes = new ArrayList<>();

    @Option(names = {"-m", "--message"}, description = "Set commit message for imported image")
    String message;

    @Option(names = "--platform", description = "Set platform if server is multi-platform capable")
    String platform;

    @Parameters(index = "0", paramLabel = "file|URL|-")
    String source;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REPOSITORY[:TAG]")
    String repository;

    @Override
    protected int execute() throws Exception {
        Query query = Query.of();
        boolean url = source.startsWith("http://") || source.startsWith("https://");
        query.add("fromSrc", url ? source : "-");
        RequestBody body = url ? null : body(); // docker opens the file before it looks at the reference
        if (repository != null && !repository.isEmpty()) {
            try {
                References.named(repository);
            } catch (InvalidReferenceException e) {
                throw new CommandFailure(1, e.getMessage());
            }
            // sent as written, without a tag parameter: the daemon splits it (docker's ImageImport)
            query.add("repo", repository);
        }
        query.addIfPresent("message", message).addAll("changes", changes).addIfPresent("platform",
                platform == null ? null : platform.toLowerCase(java.util.Locale.ROOT));

        HttpRequest request = client().request("POST", "/images/create", query);
        if (!url) {
            request = request.withBody(body);
        }
        try (HttpResponse response = client().send(request)) {
            io().out().flush();
            String status = JsonMessageStream.display(response.body(), io().out());
            if (status == null) {
                throw new CommandFailure(1, "Error: the daemon did not report the imported image");
            }
        }
        io().out().flush();
        return 0;
    }

    /** The tarball: a file with its length, or stdin sent chunked. */
    private RequestBody body() throws Exception {
        if (source.equals("-")) {
            return RequestBody.stream("application/x-tar", io().stdin(), -1);
        }
        Path file = Path.of(source);
        try {
            long size = Files.size(file);
            InputStream in = Files.newInputStream(file);
            return RequestBody.stream("application/x-tar", in, size);
        } catch (NoSuchFileException e) {
            throw new CommandFailure(1, "Error: open " + source + ": no such file or directory");
        }
    }
}
