package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Query;
import dev.berth.image.ImageReference;
import dev.berth.image.InvalidReferenceException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth commit}: POST /commit?container=&repo=&tag=&comment=&author=&changes=...[&pause=0]; prints the image id.
 * As docker's ContainerCommit, the reference is checked first (its error, status 1, no request), one with a
 * digest is refused, and one without a tag gets "latest".
 */
@Command(name = "commit", description = "Create a new image from a container's changes",
        customSynopsis = "[OPTIONS] CONTAINER [REPOSITORY[:TAG]]")
public final class CommitCommand extends EngineCommand implements OptionsBeforeArguments {

    @Option(names = {"-a", "--author"}, paramLabel = "string", description = "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")")
    String author;

    @Option(names = {"-c", "--change"}, paramLabel = "list", description = "Apply Dockerfile instruction to the created image")
    List<String> changes = new ArrayList<>();

    @Option(names = {"-m", "--message"}, paramLabel = "string", description = "Commit message")
    String message;

    @Option(names = {"-p", "--pause"}, arity = "0..1", defaultValue = "true", fallbackValue = "true",
            description = "Pause container during commit (default true)")
    boolean pause = true;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REPOSITORY[:TAG]")
    String reference;

    @Override
    protected int execute() throws Exception {
        String repository = "";
        String tag = "";
        if (reference != null && !reference.isEmpty()) {
            ImageReference parsed;
            try {
                parsed = References.forNewTag(References.named(reference));
            } catch (InvalidReferenceException e) {
                throw new CommandFailure(1, e.getMessage());
            }
            repository = parsed.familiarRepository();
            tag = parsed.tag();
        }
        Query query = Query.of().add("container", container).add("repo", repository).add("tag", tag)
                .add("comment", message == null ? "" : message).add("author", author == null ? "" : author)
                .addAll("changes", changes);
        if (!pause) {
            query.add("pause", "0");
        }
        JsonNode response = client().post("/commit", query, null);
        io().out().println(response.path("Id").asText(""));
        io().out().flush();
        return 0;
    }
}
