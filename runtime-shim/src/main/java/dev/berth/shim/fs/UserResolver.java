package dev.berth.shim.fs;

import io.grpc.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Docker's User ("", "name", "uid", "name:group", "uid:gid", "uid:group") resolved against the
 * container's /etc/passwd and /etc/group as runc's GetExecUser does. The files are read inside
 * the mounted rootfs through {@link RootFs}, so a symlinked /etc/passwd resolves inside the
 * container and never reaches a host file.
 */
public final class UserResolver {
    private static final int MAX_FILE = 4 * 1024 * 1024;

    /** The process's ids; {@code additionalGids} are the groups that list the user by name; home from passwd ("/" if none). */
    public record ResolvedUser(int uid, int gid, List<Integer> additionalGids, String home) {}

    private record PasswdEntry(String name, int uid, int gid, String home) {}

    private record GroupEntry(String name, int gid, List<String> members) {}

    private UserResolver() {}

    /** Reads the files from the rootfs and resolves; FAILED_PRECONDITION in Docker's words for an unknown name. */
    public static ResolvedUser resolve(String userSpec, RootFs rootfs) throws IOException {
        return resolve(userSpec, read(rootfs, "/etc/passwd"), () -> read(rootfs, "/etc/group"));
    }

    private interface GroupFile {
        String read() throws IOException;
    }

    private static String read(RootFs rootfs, String path) throws IOException {
        byte[] content = rootfs.readFile(path, MAX_FILE);
        return content == null ? null : new String(content, StandardCharsets.UTF_8);
    }

    static ResolvedUser resolve(String userSpec, String passwdContent, GroupFile groupFile) throws IOException {
        String spec = userSpec == null ? "" : userSpec.trim();
        int colon = spec.indexOf(':');
        String userArg = colon >= 0 ? spec.substring(0, colon) : spec;
        String groupArg = colon >= 0 ? spec.substring(colon + 1) : "";
        List<PasswdEntry> passwd = parsePasswd(passwdContent);

        int uid = 0;
        int gid = 0;
        String home = "/";
        String matchedName = null;
        Integer numericUser = parseId(userArg);
        Optional<PasswdEntry> entry = userArg.isEmpty()
                ? passwd.stream().filter(p -> p.uid() == 0).findFirst() // Docker's default user is root
                : passwd.stream().filter(p -> numericUser != null ? p.uid() == numericUser : p.name().equals(userArg)).findFirst();
        if (entry.isPresent()) {
            uid = entry.get().uid();
            gid = entry.get().gid();
            matchedName = entry.get().name();
            if (!entry.get().home().isEmpty()) {
                home = entry.get().home();
            }
        } else if (numericUser != null) {
            uid = numericUser;
        } else if (!userArg.isEmpty()) {
            throw Status.FAILED_PRECONDITION.withDescription("unable to find user " + userArg + ": no matching entries in passwd file")
                    .asRuntimeException();
        }

        List<Integer> additional = new ArrayList<>();
        if (!groupArg.isEmpty() || matchedName != null) {
            List<GroupEntry> groups = parseGroup(groupFile.read());
            if (!groupArg.isEmpty()) {
                Integer numericGroup = parseId(groupArg);
                Optional<GroupEntry> group = groups.stream()
                        .filter(g -> numericGroup != null ? g.gid() == numericGroup : g.name().equals(groupArg))
                        .findFirst();
                if (group.isPresent()) {
                    gid = group.get().gid();
                } else if (numericGroup != null) {
                    gid = numericGroup;
                } else {
                    throw Status.FAILED_PRECONDITION
                            .withDescription("unable to find group " + groupArg + ": no matching entries in group file")
                            .asRuntimeException();
                }
            } else {
                String member = matchedName;
                groups.stream().filter(g -> g.members().contains(member))
                        .forEach(g -> additional.add(g.gid()));
            }
        }
        return new ResolvedUser(uid, gid, List.copyOf(additional), home);
    }

    private static Integer parseId(String s) {
        if (s.isEmpty() || !s.chars().allMatch(Character::isDigit)) {
            return null;
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw Status.INVALID_ARGUMENT.withDescription("invalid user or group id: " + s).asRuntimeException();
        }
    }

    private static List<PasswdEntry> parsePasswd(String content) {
        List<PasswdEntry> entries = new ArrayList<>();
        for (String[] f : records(content)) {
            Integer uid = f.length > 2 ? safeId(f[2]) : null;
            Integer gid = f.length > 3 ? safeId(f[3]) : null;
            if (uid != null && gid != null) {
                entries.add(new PasswdEntry(f[0], uid, gid, f.length > 5 ? f[5] : ""));
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
