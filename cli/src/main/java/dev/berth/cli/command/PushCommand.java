package dev.berth.cli.command;

import dev.berth.cli.api.JsonMessageStream;
import dev.berth.cli.api.Query;
import dev.berth.cli.http.HttpResponse;
import dev.berth.cli.registry.RegistryAuth;
import dev.berth.image.ImageReference;
import java.io.OutputStream;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth push NAME[:TAG]}: POST /images/{name}/push?tag= with the stored credentials in
 * X-Registry-Auth; the daemon's progress printed as docker prints it without a terminal (a failure
 * in the stream ends with its message and status 1).
 */
@Command(name = "push", description = "Upload an image to a registry")
public final class PushCommand extends EngineCommand {

    @Option(names = {"-a", "--all-tags"}, description = "Push all tags of an image to the repository")
    boolean allTags;

    @Option(names = {"-q", "--quiet"}, description = "Suppress verbose output")
    boolean quiet;

    @Option(names = "--disable-content-trust", description = "Skip image signing (default true)")
    boolean disableContentTrust = true;

    @Parameters(index = "0", paramLabel = "NAME[:TAG]")
    String image;

    @Override
    protected int execute() throws Exception {
        ImageReference reference = References.parse(image);
        boolean nameOnly = References.nameOnly(image);
        if (allTags && !nameOnly) {
            throw new CommandFailure(1, "tag can't be used with --all-tags/-a");
        }
        if (nameOnly && !allTags && !quiet) {
            io().out().println("Using default tag: " + ImageReference.DEFAULT_TAG);
        }
        if (reference.digest() != null) { // docker's ImagePush, after runPush's checks
            throw new CommandFailure(1, "cannot push a digest reference");
        }
        Query query = allTags ? Query.of() : Query.of().add("tag", reference.tag());
        var request = client().request("POST", "/images/" + reference.familiarRepository() + "/push", query)
                .withHeader(RegistryAuth.HEADER, RegistryAuth.header(reference, session()::env));
        try (HttpResponse response = client().send(request)) {
            JsonMessageStream.display(response.body(), quiet ? new PrintStream(OutputStream.nullOutputStream()) : io().out());
        }
        if (quiet) {
            io().out().println(allTags ? reference.withoutTag().name() : reference.name());
        }
        io().out().flush();
        return 0;
    }
}
