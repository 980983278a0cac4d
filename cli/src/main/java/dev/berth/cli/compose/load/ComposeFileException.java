package dev.berth.cli.compose.load;

/** A Compose file that cannot be used, with where: "docker-compose.yml:12: services.web: ...". */
public class ComposeFileException extends RuntimeException {
    public ComposeFileException(String message) {
        super(message);
    }
}
