package dev.berth.cli.command;

import dev.berth.cli.api.JsonMessageStream;
import dev.berth.cli.api.Query;
import dev.berth.cli.http.HttpResponse;
import dev.berth.cli.registry.RegistryAuth;
import dev.berth.image.ImageReference;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth pull [-a] NAME[:TAG|@DIGEST]}: POST /images/create?fromImage=&tag=[&platform=] (no tag with -a) with the stored
 * credentials in X-Registry-Auth; the progress printed as docker prints it without a terminal, then the
 * full reference (docker's last line).
 */
@Command(name = "pull", description = "Download an image from a registry")
public final class PullCommand extends EngineCommand {

    @Option(names = {"-a", "--all-tags"}, description = "Download all tagged images in the repository")
    boolean allTags;

    @Option(names = {"-q", "--quiet"}, description = "Suppress verbose output")
    boolean quiet;

    @Option(names = "--platform", paramLabel = "string", description = "Set platform if server is multi-platform capable")
    String platform;

    @Option(names = "--disable-content-trust", description = "Skip image verification (default true)")
    boolean disableContentTrust = true;

    @Parameters(index = "0", paramLabel = "NAME[:TAG|@DIGEST]")
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
        Query query = Query.of().add("fromImage", reference.familiarRepository());
        if (!allTags) {
            query.add("tag", reference.digest() != null ? reference.digest().toString() : reference.tag());
        }
        if (platform != null && !platform.isEmpty()) {
            query.add("platform", platform.toLowerCase(Locale.ROOT));
        }
        var request = client().request("POST", "/images/create", query)
                .withHeader(RegistryAuth.HEADER, RegistryAuth.header(reference, session()::env));
        try (HttpResponse response = client().send(request)) {
            JsonMessageStream.display(response.body(), quiet ? new PrintStream(OutputStream.nullOutputStream()) : io().out());
        }
        // the reference as written, normalised: a tag and a digest both shown; -a: the repository alone
        io().out().println(allTags ? reference.repositoryOnly().name() : ImageReference.parse(image).name());
        io().out().flush();
        return 0;
    }
}
