package dev.berth.cli.registry;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.api.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * docker's client configuration file ({@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json})
 * as its file credential store uses it: {@code "auths": {server: {"auth": base64(user:password)}}}. Other
 * fields are kept as they are; the file is replaced whole, mode 0600, as docker saves it.
 */
public final class DockerConfig {
    private final Path file;
    private final ObjectNode root;

    private DockerConfig(Path file, ObjectNode root) {
        this.file = file;
        this.root = root;
    }

    /** The file docker would use, given the environment (DOCKER_CONFIG, HOME). */
    public static Path location(Function<String, String> env) {
        String dir = env.apply("DOCKER_CONFIG");
        if (dir != null && !dir.isEmpty()) {
            return Path.of(dir, "config.json");
        }
        String home = env.apply("HOME");
        return Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home"), ".docker", "config.json");
    }

    /** Reads the file; a missing one is an empty configuration. */
    public static DockerConfig load(Path file) throws IOException {
        try {
            JsonNode node = Json.parse(Files.readAllBytes(file));
            return new DockerConfig(file, node instanceof ObjectNode object ? object : Json.mapper().createObjectNode());
        } catch (NoSuchFileException e) {
            return new DockerConfig(file, Json.mapper().createObjectNode());
        } catch (IOException e) {
            throw new IOException("loading config file: " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** A top-level string setting such as {@code imagesFormat} or {@code psFormat}; empty when unset. */
    public String setting(String name) {
        JsonNode value = root.get(name);
        return value != null && value.isTextual() ? value.asText() : "";
    }

    /**
     * The credentials stored for {@code server}: its own entry, else one whose key names the same host
     * ("https://127.0.0.1:5001/v2/" for "127.0.0.1:5001"), as docker's file store looks them up.
     */
    public Optional<StoredCredentials> get(String server) {
        JsonNode auths = root.path("auths");
        if (auths.has(server)) {
            return Optional.of(decode(server, auths.get(server)));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = auths.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (server.equals(hostname(entry.getKey()))) {
                return Optional.of(decode(entry.getKey(), entry.getValue()));
            }
        }
        return Optional.empty();
    }

    /**
     * Stores the credentials under their server address and saves the file; unchanged credentials leave
     * the file alone, as docker's file store does. True when the file was written.
     */
    public boolean store(StoredCredentials credentials) throws IOException {
        ObjectNode entry = Json.mapper().createObjectNode();
        if (credentials.username() != null || credentials.password() != null) {
            String pair = nullToEmpty(credentials.username()) + ":" + nullToEmpty(credentials.password());
            entry.put("auth", Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        if (credentials.identityToken() != null && !credentials.identityToken().isEmpty()) {
            entry.put("identitytoken", credentials.identityToken());
        }
        if (entry.equals(root.path("auths").get(credentials.serverAddress()))) {
            return false;
        }
        auths().set(credentials.serverAddress(), entry);
        save();
        return true;
    }

    /** Removes the entry of exactly {@code server}; true when there was one. */
    public boolean erase(String server) throws IOException {
        if (!root.path("auths").has(server)) {
            return false;
        }
        auths().remove(server);
        save();
        return true;
    }

    private ObjectNode auths() {
        JsonNode auths = root.get("auths");
        if (auths instanceof ObjectNode object) {
            return object;
        }
        return root.putObject("auths");
    }

    /** Written beside the file and renamed over it, 0600, tab-indented as Go's MarshalIndent writes it. */
    private void save() throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        // indented in place: the with... copies would drop the empty-object separator ("{}", not "{ }")
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("").withArrayEmptySeparator(""));
        printer.indentObjectsWith(new DefaultIndenter("\t", "\n"));
        printer.indentArraysWith(new DefaultIndenter("\t", "\n"));
        byte[] bytes = Json.mapper().writer(printer).writeValueAsBytes(root);
        Path temp = Files.createTempFile(dir, file.getFileName().toString(), null,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(temp, bytes);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static StoredCredentials decode(String server, JsonNode entry) {
        String username = entry.path("username").asText(null);
        String password = entry.path("password").asText(null);
        String auth = entry.path("auth").asText("");
        if (!auth.isEmpty()) {
            String pair;
            try {
                pair = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                pair = "";
            }
            int colon = pair.indexOf(':');
            if (colon >= 0) {
                username = pair.substring(0, colon);
                password = pair.substring(colon + 1);
            }
        }
        return new StoredCredentials(server, username, password, entry.path("identitytoken").asText(null));
    }

    /** docker's ConvertToHostname: "https://host:5000/v1/" and "host:5000/x" are "host:5000". */
    public static String hostname(String address) {
        if (address.contains("://")) {
            try {
                URI uri = URI.create(address);
                if (uri.getHost() != null && !uri.getHost().isEmpty()) {
                    return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
                }
            } catch (IllegalArgumentException ignored) {
                // not a URL: cut at the first slash below
            }
        }
        int slash = address.indexOf('/');
        return slash < 0 ? address : address.substring(0, slash);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
