package dev.berth.cli.command;

import dev.berth.cli.api.Query;
import dev.berth.cli.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth export}: GET /containers/{id}/export to stdout, or with -o to a file written
 * atomically (a temporary file renamed into place, mode 0600, as docker's atomic writer).
 * A tar is never written to a terminal.
 */
@Command(name = "export", description = "Export a container's filesystem as a tar archive", customSynopsis = "[OPTIONS] CONTAINER")
public final class ExportCommand extends EngineCommand {

    @Option(names = {"-o", "--output"}, paramLabel = "string", description = "Write to a file, instead of STDOUT")
    String output;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Override
    protected int execute() throws Exception {
        if (output == null || output.isEmpty()) {
            if (session().terminal().stdoutIsTerminal()) {
                throw new CommandFailure(1, "cowardly refusing to save to a terminal. Use the -o flag or redirect");
            }
            try (HttpResponse response = client().send(client().request("GET", "/containers/" + container + "/export", Query.of()))) {
                io().out().flush();
                copy(response.body(), io().rawOut());
            }
            return 0;
        }
        Path target = Path.of(output).toAbsolutePath();
        Path directory = target.getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new CommandFailure(1, "failed to export container: invalid file path: " + output);
        }
        Path temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (HttpResponse response = client().send(client().request("GET", "/containers/" + container + "/export", Query.of()))) {
            try (OutputStream file = Files.newOutputStream(temporary)) {
                copy(response.body(), file);
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return 0;
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        in.transferTo(out);
        out.flush();
    }
}
