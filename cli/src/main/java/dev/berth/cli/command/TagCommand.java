package dev.berth.cli.command;

import dev.berth.cli.api.Query;
import dev.berth.image.ImageReference;
import dev.berth.image.InvalidReferenceException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code berth tag SOURCE TARGET}: POST /images/{source}/tag?repo=&tag=. As docker's ImageTag, both
 * references are checked first (SOURCE may also be an image id or digest), a TARGET with a digest
 * is refused, and a TARGET without a tag gets "latest"; bad ones end with status 1, no request.
 */
@Command(name = "tag", description = "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE")
public final class TagCommand extends EngineCommand {

    @Parameters(index = "0", paramLabel = "SOURCE_IMAGE[:TAG]")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET_IMAGE[:TAG]")
    String target;

    @Override
    protected int execute() throws Exception {
        ImageReference to;
        try {
            References.any(source);
        } catch (InvalidReferenceException e) {
            throw notValid(source, e);
        }
        try {
            to = References.named(target);
        } catch (InvalidReferenceException e) {
            throw notValid(target, e);
        }
        References.forNewTag(to);
        client().post("/images/" + source + "/tag",
                Query.of().add("repo", to.familiarRepository()).add("tag", to.tag()), null);
        return 0;
    }

    private static CommandFailure notValid(String reference, InvalidReferenceException e) {
        return new CommandFailure(1, "Error parsing reference: " + References.quote(reference)
                + " is not a valid repository/tag: " + e.getMessage());
    }
}
