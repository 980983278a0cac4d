package dev.berth.cli.copy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Json;
import java.io.IOException;
import java.util.Base64;

/**
 * A path in a container as the X-Docker-Container-Path-Stat header describes it: base64 JSON
 * {"name", "size", "mode", "mtime", "linkTarget"}, mode being Go's os.FileMode bits.
 */
public record PathStat(String name, long size, long mode, String linkTarget) {
    static final long MODE_DIR = 1L << 31;
    static final long MODE_SYMLINK = 1L << 27;
    static final long MODE_DEVICE = 1L << 26;
    static final long MODE_IRREGULAR = 1L << 19;

    /** @throws IOException "unable to decode container path stat header: ..." */
    public static PathStat decode(String header) throws IOException {
        if (header == null) {
            throw new IOException("unable to decode container path stat header: EOF");
        }
        try {
            JsonNode node = Json.parse(Base64.getDecoder().decode(header.strip()));
            return new PathStat(node.path("name").asText(""), node.path("size").asLong(0), node.path("mode").asLong(0),
                    node.path("linkTarget").asText(""));
        } catch (IllegalArgumentException | IOException e) {
            throw new IOException("unable to decode container path stat header: " + e.getMessage(), e);
        }
    }

    public boolean isDirectory() {
        return (mode & MODE_DIR) != 0;
    }

    public boolean isSymlink() {
        return (mode & MODE_SYMLINK) != 0;
    }

    /** command.ValidateOutputPathFileMode's complaint, or null for a directory or regular file (or link). */
    public String unsupportedType() {
        if ((mode & MODE_DEVICE) != 0) {
            return "got a device";
        }
        if ((mode & MODE_IRREGULAR) != 0) {
            return "got an irregular file";
        }
        return null;
    }
}
