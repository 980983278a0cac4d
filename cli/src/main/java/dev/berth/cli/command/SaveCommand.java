package dev.berth.cli.command;

import dev.berth.cli.api.Query;
import dev.berth.cli.http.HttpResponse;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth save}: GET /images/get?names=... to stdout, or with -o to a file written
 * atomically (a temporary file renamed into place), as docker does. Never to a terminal.
 */
@Command(name = "save", description = "Save one or more images to a tar archive (streamed to STDOUT by default)",
        customSynopsis = "[OPTIONS] IMAGE [IMAGE...]")
public final class SaveCommand extends EngineCommand {

    @Option(names = {"-o", "--output"}, paramLabel = "string", description = "Write to a file, instead of STDOUT")
    String output;

    @Parameters(index = "0..*", arity = "1..*", paramLabel = "IMAGE")
    List<String> images = new ArrayList<>();

    @Override
    protected int execute() throws Exception {
        Query query = Query.of().addAll("names", images);
        if (output == null || output.isEmpty()) {
            if (session().terminal().stdoutIsTerminal()) {
                throw new CommandFailure(1, "cowardly refusing to save to a terminal. Use the -o flag or redirect");
            }
            try (HttpResponse response = client().send(client().request("GET", "/images/get", query))) {
                io().out().flush();
                response.body().transferTo(io().rawOut());
                io().rawOut().flush();
            }
            return 0;
        }
        Path target = Path.of(output).toAbsolutePath();
        Path directory = target.getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new CommandFailure(1, "failed to save image: invalid output path: directory \"" + directory
                    + "\" does not exist");
        }
        Path temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (HttpResponse response = client().send(client().request("GET", "/images/get", query))) {
            try (OutputStream file = Files.newOutputStream(temporary)) {
                response.body().transferTo(file);
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return 0;
    }
}
