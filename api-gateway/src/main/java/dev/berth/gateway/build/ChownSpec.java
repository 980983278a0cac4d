package dev.berth.gateway.build;

import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.ContainerService;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * COPY/ADD --chown=user[:group] as moby's parseChownFlag: numbers as they are, names looked up in
 * the image's /etc/passwd and /etc/group; no group means the user spec again.
 */
final class ChownSpec {
    record Identity(int uid, int gid) {}

    private ChownSpec() {}

    static Identity parse(String chown, ContainerService containers, String container) {
        String[] parts = chown.split(":", -1);
        if (parts.length > 2) {
            throw new BuildFailure("unable to convert uid/gid chown string to host mapping: invalid chown string format: " + chown);
        }
        String user = parts[0];
        String group = parts.length == 1 ? parts[0] : parts[1];
        int uid = lookup(user, "/etc/passwd", "user", containers, container, 2);
        int gid = lookup(group, "/etc/group", "group", containers, container, 2);
        return new Identity(uid, gid);
    }

    private static int lookup(String name, String file, String kind, ContainerService containers, String container, int field) {
        if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
            try {
                return Integer.parseInt(name);
            } catch (NumberFormatException e) {
                // too big: treated as a name, which is then not found
            }
        }
        String prefix = "unable to convert uid/gid chown string to host mapping: can't find " + (kind.equals("user") ? "uid" : "gid")
                + " for " + kind + " " + name + ": ";
        String content;
        try (InputStream tar = containers.archive(container, file); TarArchiveInputStream in = new TarArchiveInputStream(tar)) {
            if (in.getNextEntry() == null) {
                throw new BuildFailure(prefix + "no such " + kind + ": " + name);
            }
            content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (DockerApiException e) {
            throw new BuildFailure(prefix + "open " + file + ": no such file or directory");
        } catch (IOException e) {
            throw new BuildFailure(prefix + e.getMessage());
        }
        for (String line : content.split("\n")) {
            String[] fields = line.split(":", -1);
            if (fields.length > field && fields[0].equals(name)) {
                try {
                    return Integer.parseInt(fields[field]);
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        throw new BuildFailure(prefix + "no such " + kind + ": " + name);
    }
}
