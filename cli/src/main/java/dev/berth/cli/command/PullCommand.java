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
 * {@code berth pull NAME[:TAG|@DIGEST]}: POST /images/create?fromImage=&tag=[&platform=] with the stored
 * credentials in X-Registry-Auth; the progress printed as docker prints it without a terminal, then the
 * full reference (docker's last line).
 */
@Command(name = "pull", description = "Download an image from a registry")
public final class PullCommand extends EngineCommand {

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
        if (References.nameOnly(image) && !quiet) {
            io().out().println("Using default tag: " + ImageReference.DEFAULT_TAG);
        }
        Query query = Query.of().add("fromImage", reference.familiarRepository())
                .add("tag", reference.digest() != null ? reference.digest().toString() : reference.tag());
        if (platform != null && !platform.isEmpty()) {
            query.add("platform", platform.toLowerCase(Locale.ROOT));
        }
        var request = client().request("POST", "/images/create", query)
                .withHeader(RegistryAuth.HEADER, RegistryAuth.header(reference, session()::env));
        try (HttpResponse response = client().send(request)) {
            JsonMessageStream.display(response.body(), quiet ? new PrintStream(OutputStream.nullOutputStream()) : io().out());
        }
        io().out().println(reference.name());
        io().out().flush();
        return 0;
    }
}
