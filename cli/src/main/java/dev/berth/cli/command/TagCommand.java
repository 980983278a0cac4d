package dev.berth.cli.command;

import dev.berth.cli.api.ImageReference;
import dev.berth.cli.api.Query;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth tag SOURCE TARGET}: POST /images/{source}/tag?repo=&tag=. */
@Command(name = "tag", description = "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE")
public final class TagCommand extends EngineCommand {

    @Parameters(index = "0", paramLabel = "SOURCE_IMAGE[:TAG]")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET_IMAGE[:TAG]")
    String target;

    @Override
    protected int execute() throws Exception {
        ImageReference to = ImageReference.parse(target);
        client().post("/images/" + source + "/tag", Query.of().add("repo", to.name()).add("tag", to.tag()), null);
        return 0;
    }
}
