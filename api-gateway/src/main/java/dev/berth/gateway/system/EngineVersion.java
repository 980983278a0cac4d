package dev.berth.gateway.system;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.gateway.BerthVersion;
import dev.berth.gateway.http.Json;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * GET /version's body. Version is the Docker release whose API Berth serves, so clients' version
 * checks pass; Berth's own version is in Platform.Name and in a "berth" component, runc's as
 * runc reports it. Nothing is made up: the Go version Docker reports is the Java runtime's here,
 * and the build time is when this gateway's jar (or class) was written.
 */
final class EngineVersion {
    private EngineVersion() {}

    static ObjectNode body(String runcBinary) {
        RuncInfo runc = RuncInfo.of(runcBinary);
        ObjectNode engine = Json.object();
        engine.put("Version", BerthVersion.ENGINE_COMPAT_VERSION)
                .put("ApiVersion", BerthVersion.API_VERSION)
                .put("MinAPIVersion", BerthVersion.MIN_API_VERSION)
                .put("GitCommit", "")
                .put("GoVersion", "java" + Runtime.version())
                .put("Os", "linux")
                .put("Arch", HostFacts.goArch())
                .put("KernelVersion", HostFacts.kernelVersion())
                .put("BuildTime", buildTime());

        ObjectNode body = Json.object();
        body.putObject("Platform").put("Name", "Berth " + BerthVersion.VERSION);
        ArrayNode components = body.putArray("Components");
        ObjectNode details = engine.deepCopy();
        details.remove("Version");
        details.put("Experimental", "false");
        components.addObject().put("Name", "Engine").put("Version", BerthVersion.ENGINE_COMPAT_VERSION).set("Details", details);
        components.addObject().put("Name", "berth").put("Version", BerthVersion.VERSION)
                .putObject("Details").put("ApiVersion", BerthVersion.API_VERSION);
        components.addObject().put("Name", "runc").put("Version", runc.version())
                .putObject("Details").put("GitCommit", runc.commit());
        body.setAll(engine);
        return body;
    }

    /** The modification time of the jar (or class directory entry) this class was loaded from. */
    static String buildTime() {
        try {
            CodeSource source = EngineVersion.class.getProtectionDomain().getCodeSource();
            if (source != null) {
                Path location = Path.of(source.getLocation().toURI());
                Path file = Files.isDirectory(location)
                        ? location.resolve(EngineVersion.class.getName().replace('.', '/') + ".class")
                        : location;
                return Files.getLastModifiedTime(file).toInstant().toString();
            }
        } catch (IOException | URISyntaxException | IllegalArgumentException | SecurityException e) {
            // unknown: said so below rather than invented
        }
        return "";
    }
}
