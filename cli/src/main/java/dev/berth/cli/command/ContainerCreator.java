package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.ApiException;
import dev.berth.cli.api.DaemonUnavailableException;
import dev.berth.cli.api.JsonMessageStream;
import dev.berth.cli.api.Query;
import dev.berth.cli.registry.RegistryAuth;
import dev.berth.image.ImageReference;
import dev.berth.image.InvalidReferenceException;
import java.io.IOException;
import java.util.Map;

/**
 * docker's create flow: POST /containers/create; when the daemon lacks the image (404), say
 * "Unable to find image", pull it and try once more. Failures end with status 125.
 */
final class ContainerCreator {
    private final Session session;
    private final String commandName;

    ContainerCreator(Session session, String commandName) {
        this.session = session;
        this.commandName = commandName;
    }

    String create(String name, Map<String, Object> body, String image) throws IOException {
        ImageReference reference; // null for an image id or digest, which is never pulled
        try {
            reference = References.any(image);
        } catch (InvalidReferenceException e) {
            throw daemonFailure(e.getMessage());
        }
        Query query = Query.of().addIfPresent("name", name);
        try {
            return created(session.client().post("/containers/create", query, body));
        } catch (ApiException e) {
            if (!e.notFound() || reference == null) {
                throw daemonFailure(e.display());
            }
        } catch (DaemonUnavailableException e) {
            throw daemonFailure(e.getMessage());
        }
        session.io().err().println("Unable to find image '" + reference.familiarName() + "' locally");
        new ImagePuller(session).pull(reference, session.io().err(), this::daemonFailure);
        try {
            return created(session.client().post("/containers/create", query, body));
        } catch (ApiException e) {
            throw daemonFailure(e.display());
        }
    }

    private String created(JsonNode response) {
        for (JsonNode warning : response.path("Warnings")) {
            session.io().err().println("WARNING: " + warning.asText());
        }
        return response.path("Id").asText();
    }

    /**
     * As docker 28 reports them: run prefixes daemon failures with its name, points to the help
     * and exits 125; create prints the daemon's error and exits 1.
     */
    CommandFailure daemonFailure(String message) {
        if (commandName.endsWith(" create")) {
            return new CommandFailure(1, message);
        }
        return new CommandFailure(125, "berth: " + message + "\n\nRun '" + commandName + " --help' for more information");
    }

    /** The stored credentials of the image's registry, as docker run sends them with its pull. */
    static String registryAuth(ImageReference reference, Session session) throws IOException {
        return RegistryAuth.header(reference, session::env);
    }

    /** Pulls an image through POST /images/create?fromImage=..&tag=.. (with X-Registry-Auth) and prints its progress. */
    static final class ImagePuller {
        private final Session session;

        ImagePuller(Session session) {
            this.session = session;
        }

        interface FailureMapper {
            CommandFailure map(String message);
        }

        private String registryAuth(ImageReference reference) throws IOException {
            return ContainerCreator.registryAuth(reference, session);
        }

        void pull(ImageReference reference, java.io.PrintStream progress, FailureMapper failure) throws IOException {
            // docker's ImageCreate: the familiar repository, and the digest (if any) as the tag
            Query query = Query.of().add("fromImage", reference.familiarRepository())
                    .add("tag", reference.digest() != null ? reference.digest().toString() : reference.tag());
            var request = session.client().request("POST", "/images/create", query)
                    .withHeader(RegistryAuth.HEADER, registryAuth(reference));
            try (var response = session.client().send(request)) {
                JsonMessageStream.display(response.body(), progress);
            } catch (ApiException e) {
                throw failure.map(e.display());
            } catch (JsonMessageStream.StreamError e) {
                throw failure.map(e.getMessage());
            }
        }
    }
}
