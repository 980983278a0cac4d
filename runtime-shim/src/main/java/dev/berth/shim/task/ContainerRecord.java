package dev.berth.shim.task;

import dev.berth.shim.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code <shims dir>/<id>/state.json} holds: enough to serve, find, stop and clean up the
 * container after its host was restarted or is gone. Mutable; written whole, atomically.
 * Unknown fields are ignored when read, absent ones take their defaults.
 */
public final class ContainerRecord {
    public String id;
    public String group;
    public String bundle;
    public String logPath;
    public String socket;
    public boolean openStdin;
    public boolean stdinOnce;
    public boolean terminal;
    public String user;
    public User resolvedUser;
    public boolean rootfsMounted;
    public boolean rootfsCreated;
    public List<String> mountPoints = new ArrayList<>();
    public boolean readonlyRootfs;
    public String status;
    public int pid;
    public long pidStartTime;
    public String startedAt;
    public List<ExecRecord> execs = new ArrayList<>();

    /** The user the init runs as, which an exec without a user of its own runs as too. */
    public static final class User {
        public int uid;
        public int gid;
        public List<Integer> additionalGids = new ArrayList<>();
        public String home = "/";
    }

    /** An exec process of the container. */
    public static final class ExecRecord {
        public String execId;
        public boolean terminal;
        public boolean stdin;
        public String status;
        public int pid;
        public long pidStartTime;
        public String startedAt;
        public Integer exitStatus;
        public String exitedAt;
        public String error;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("group", group);
        json.put("bundle", bundle);
        json.put("log_path", logPath);
        putIfSet(json, "socket", socket);
        json.put("open_stdin", openStdin);
        json.put("stdin_once", stdinOnce);
        json.put("terminal", terminal);
        json.put("user", user);
        if (resolvedUser != null) {
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("uid", resolvedUser.uid);
            u.put("gid", resolvedUser.gid);
            u.put("additional_gids", new ArrayList<Object>(resolvedUser.additionalGids));
            u.put("home", resolvedUser.home);
            json.put("resolved_user", u);
        }
        json.put("rootfs_mounted", rootfsMounted);
        json.put("rootfs_created", rootfsCreated);
        json.put("mount_points", new ArrayList<Object>(mountPoints));
        json.put("readonly_rootfs", readonlyRootfs);
        json.put("status", status);
        json.put("pid", pid);
        json.put("pid_start_time", pidStartTime);
        putIfSet(json, "started_at", startedAt);
        List<Object> execList = new ArrayList<>();
        for (ExecRecord exec : execs) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("exec_id", exec.execId);
            e.put("terminal", exec.terminal);
            e.put("stdin", exec.stdin);
            e.put("status", exec.status);
            e.put("pid", exec.pid);
            e.put("pid_start_time", exec.pidStartTime);
            putIfSet(e, "started_at", exec.startedAt);
            putIfSet(e, "exit_status", exec.exitStatus);
            putIfSet(e, "exited_at", exec.exitedAt);
            putIfSet(e, "error", exec.error);
            execList.add(e);
        }
        json.put("execs", execList);
        return json;
    }

    public static ContainerRecord fromJson(Object value) {
        Map<String, Object> json = Json.object(value);
        ContainerRecord r = new ContainerRecord();
        r.id = text(json, "id");
        r.group = text(json, "group");
        r.bundle = text(json, "bundle");
        r.logPath = text(json, "log_path");
        r.socket = text(json, "socket");
        r.openStdin = flag(json, "open_stdin");
        r.stdinOnce = flag(json, "stdin_once");
        r.terminal = flag(json, "terminal");
        r.user = text(json, "user");
        if (json.get("resolved_user") instanceof Map<?, ?> u) {
            r.resolvedUser = new User();
            r.resolvedUser.uid = (int) Json.longAt(u, "uid");
            r.resolvedUser.gid = (int) Json.longAt(u, "gid");
            for (Object gid : Json.array(u.get("additional_gids"))) {
                r.resolvedUser.additionalGids.add(((Number) gid).intValue());
            }
            r.resolvedUser.home = u.get("home") instanceof String home ? home : "/";
        }
        r.rootfsMounted = flag(json, "rootfs_mounted");
        r.rootfsCreated = flag(json, "rootfs_created");
        for (Object point : Json.array(json.get("mount_points"))) {
            r.mountPoints.add(String.valueOf(point));
        }
        r.readonlyRootfs = flag(json, "readonly_rootfs");
        r.status = text(json, "status");
        r.pid = (int) Json.longAt(json, "pid");
        r.pidStartTime = Json.longAt(json, "pid_start_time");
        r.startedAt = text(json, "started_at");
        for (Object item : Json.array(json.get("execs"))) {
            Map<String, Object> e = Json.object(item);
            ExecRecord exec = new ExecRecord();
            exec.execId = text(e, "exec_id");
            exec.terminal = flag(e, "terminal");
            exec.stdin = flag(e, "stdin");
            exec.status = text(e, "status");
            exec.pid = (int) Json.longAt(e, "pid");
            exec.pidStartTime = Json.longAt(e, "pid_start_time");
            exec.startedAt = text(e, "started_at");
            exec.exitStatus = e.get("exit_status") instanceof Number n ? n.intValue() : null;
            exec.exitedAt = text(e, "exited_at");
            exec.error = text(e, "error");
            r.execs.add(exec);
        }
        return r;
    }

    private static void putIfSet(Map<String, Object> json, String key, Object value) {
        if (value != null) {
            json.put(key, value);
        }
    }

    private static String text(Map<String, Object> json, String key) {
        return json.get(key) instanceof String s ? s : null;
    }

    private static boolean flag(Map<String, Object> json, String key) {
        return Boolean.TRUE.equals(json.get(key));
    }
}
