package dev.berth.gateway.container.runtime;

import dev.berth.gateway.api.DockerApiException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Docker's User ("name", "uid", "name:group", "uid:gid") resolved against the image's
 * /etc/passwd and /etc/group as runc's GetExecUser does, reading the files from the rootfs
 * layers without mounting them. Never follows a symlink, so a crafted image cannot make the
 * gateway read a host file.
 */
public final class UserResolver {
    private static final int MAX_FILE = 4 * 1024 * 1024;

    /** The process's ids: {@code additionalGids} are the groups that list the user by name. */
    public record ResolvedUser(int uid, int gid, List<Integer> additionalGids) {}

    private record PasswdEntry(String name, int uid, int gid) {}

    private record GroupEntry(String name, int gid, List<String> members) {}

    private UserResolver() {}

    public static ResolvedUser resolve(String userSpec, List<Path> layers) {
        String spec = userSpec == null ? "" : userSpec.trim();
        int colon = spec.indexOf(':');
        String userArg = colon >= 0 ? spec.substring(0, colon) : spec;
        String groupArg = colon >= 0 ? spec.substring(colon + 1) : "";
        List<PasswdEntry> passwd = parsePasswd(readFromLayers(layers, "passwd"));

        int uid = 0;
        int gid = 0;
        String matchedName = null;
        Integer numericUser = parseId(userArg);
        if (userArg.isEmpty()) {
            // Docker's default user is root; its entry still names it for supplementary groups.
            Optional<PasswdEntry> root = passwd.stream().filter(p -> p.uid() == 0).findFirst();
            if (root.isPresent()) {
                matchedName = root.get().name();
                gid = root.get().gid();
            }
        } else {
            Optional<PasswdEntry> entry = passwd.stream()
                    .filter(p -> numericUser != null ? p.uid() == numericUser : p.name().equals(userArg))
                    .findFirst();
            if (entry.isPresent()) {
                uid = entry.get().uid();
                gid = entry.get().gid();
                matchedName = entry.get().name();
            } else if (numericUser != null) {
                uid = numericUser;
            } else {
                throw DockerApiException.badRequest(
                        "unable to find user " + userArg + ": no matching entries in passwd file");
            }
        }

        List<Integer> additional = new ArrayList<>();
        if (!groupArg.isEmpty() || matchedName != null) {
            List<GroupEntry> groups = parseGroup(readFromLayers(layers, "group"));
            if (!groupArg.isEmpty()) {
                Integer numericGroup = parseId(groupArg);
                String wanted = groupArg;
                Optional<GroupEntry> group = groups.stream()
                        .filter(g -> numericGroup != null ? g.gid() == numericGroup : g.name().equals(wanted))
                        .findFirst();
                if (group.isPresent()) {
                    gid = group.get().gid();
                } else if (numericGroup != null) {
                    gid = numericGroup;
                } else {
                    throw DockerApiException.badRequest(
                            "unable to find group " + groupArg + ": no matching entries in group file");
                }
            } else {
                String member = matchedName;
                groups.stream().filter(g -> g.members().contains(member)).forEach(g -> additional.add(g.gid()));
            }
        }
        return new ResolvedUser(uid, gid, List.copyOf(additional));
    }

    private static Integer parseId(String s) {
        if (s.isEmpty() || !s.chars().allMatch(Character::isDigit)) {
            return null;
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw DockerApiException.badRequest("invalid user or group id: " + s);
        }
    }

    /**
     * {@code etc/<name>} from the topmost layer that has an {@code etc} entry for it. A whiteout,
     * a symlink or any other non-regular file hides the lower layers' copies: the file is absent.
     */
    static String readFromLayers(List<Path> layers, String name) {
        for (Path layer : layers) {
            Path etc = layer.resolve("etc");
            BasicFileAttributes etcAttrs = attributes(etc);
            if (etcAttrs == null) {
                continue;
            }
            if (!etcAttrs.isDirectory()) {
                return null;
            }
            Path file = etc.resolve(name);
            BasicFileAttributes attrs = attributes(file);
            if (attrs == null) {
                if (isOpaque(etc)) {
                    return null;
                }
                continue;
            }
            if (!attrs.isRegularFile() || attrs.size() > MAX_FILE) {
                return null;
            }
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                return new String(in.readNBytes(MAX_FILE), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }

    private static BasicFileAttributes attributes(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }

    /** overlayfs marks a directory that hides the layers below with trusted.overlay.opaque=y. */
    private static boolean isOpaque(Path dir) {
        try {
            byte[] value = dev.berth.common.posix.Posix.getXattr(dir, "trusted.overlay.opaque");
            return value != null && value.length > 0 && value[0] == 'y';
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static List<PasswdEntry> parsePasswd(String content) {
        List<PasswdEntry> entries = new ArrayList<>();
        for (String[] f : records(content)) {
            Integer uid = f.length > 2 ? safeId(f[2]) : null;
            Integer gid = f.length > 3 ? safeId(f[3]) : null;
            if (uid != null && gid != null) {
                entries.add(new PasswdEntry(f[0], uid, gid));
            }
        }
        return entries;
    }

    private static List<GroupEntry> parseGroup(String content) {
        List<GroupEntry> entries = new ArrayList<>();
        for (String[] f : records(content)) {
            Integer gid = f.length > 2 ? safeId(f[2]) : null;
            if (gid != null) {
                List<String> members = f.length > 3 && !f[3].isEmpty() ? List.of(f[3].split(",")) : List.of();
                entries.add(new GroupEntry(f[0], gid, members.stream().map(String::trim).toList()));
            }
        }
        return entries;
    }

    private static List<String[]> records(String content) {
        List<String[]> records = new ArrayList<>();
        if (content == null) {
            return records;
        }
        for (String line : content.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            records.add(trimmed.split(":", -1));
        }
        return records;
    }

    private static Integer safeId(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
