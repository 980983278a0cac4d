package dev.berth.shim.task;

import dev.berth.api.runtime.v1.CreateTaskRequest;
import dev.berth.api.runtime.v1.Status;
import dev.berth.common.fs.DurableFiles;
import dev.berth.shim.fs.ProcessSpecs;
import dev.berth.shim.fs.RootFs;
import dev.berth.shim.fs.RootfsMounter;
import dev.berth.shim.fs.UserResolver;
import dev.berth.shim.fs.VolumeSeeder;
import dev.berth.shim.io.ProcessOutput;
import dev.berth.shim.io.Timestamps;
import dev.berth.shim.posix.Procs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container's coming and going on disk: Create (the rootfs mounted, the user resolved into
 * config.json, state.json written), the restore of a container a previous host served, and the
 * teardown at Delete.
 */
public final class ContainerSetup {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerSetup.class);
    static final String LOST = "shim host lost: the container exited while no host watched it";
    static final String EXEC_LOST = "shim host lost: the exec exited while no host watched it";

    private ContainerSetup() {}

    public static Container create(Services services, CreateTaskRequest request) throws IOException {
        Errors.requireValidId("container id", request.getId());
        if (request.getBundle().isEmpty() || !Path.of(request.getBundle()).isAbsolute()) {
            throw Errors.invalid("bundle must be an absolute path");
        }
        Path bundle = Path.of(request.getBundle()).normalize();
        if (!Files.isRegularFile(bundle.resolve("config.json"))) {
            throw Errors.invalid("bundle " + bundle + " has no config.json");
        }
        if (!request.getLogPath().isEmpty() && !Path.of(request.getLogPath()).isAbsolute()) {
            throw Errors.invalid("log_path must be an absolute path");
        }
        if (!request.getSocket().isEmpty() && !Path.of(request.getSocket()).isAbsolute()) {
            throw Errors.invalid("socket must be an absolute path");
        }
        Path dir = services.stateDir().resolve(request.getId());
        if (Files.exists(dir.resolve(StateStore.STATE_FILE))) {
            throw Errors.alreadyExists("container " + request.getId() + " already exists");
        }
        Path rootfs = bundle.resolve("rootfs");
        boolean createdMountPoint = false;
        boolean mounted = false;
        try {
            if (request.getRootfsCount() > 0) {
                createdMountPoint = RootfsMounter.createMountPoint(rootfs);
                RootfsMounter.mountAll(request.getRootfsList(), rootfs);
                mounted = true;
            } else if (!Files.isDirectory(rootfs)) {
                throw Errors.invalid("no rootfs mounts given and " + rootfs + " does not exist");
            }
            UserResolver.ResolvedUser user;
            try (RootFs root = RootFs.open(rootfs)) {
                user = UserResolver.resolve(request.getUser(), root);
                // before runc binds them: an empty volume takes the image's content at its mount point
                VolumeSeeder.seed(root, request.getVolumeSeedsList());
            }
            ContainerRecord record = new ContainerRecord();
            record.id = request.getId();
            record.group = services.group();
            record.bundle = bundle.toString();
            record.logPath = request.getLogPath();
            record.socket = request.getSocket().isEmpty() ? null : request.getSocket();
            record.openStdin = request.getOpenStdin();
            record.stdinOnce = request.getStdinOnce();
            record.terminal = request.getTerminal();
            record.user = request.getUser();
            record.resolvedUser = record(user);
            record.rootfsMounted = mounted;
            record.rootfsCreated = createdMountPoint;
            ProcessSpecs.ConfigFacts config = ProcessSpecs.editConfig(bundle.resolve("config.json"), user, request.getTerminal());
            record.mountPoints = config.mountPoints();
            record.readonlyRootfs = config.readonlyRootfs();
            record.status = Status.CREATED.name();
            Files.createDirectories(dir);
            StateStore store = new StateStore(dir);
            store.removeExit();
            store.saveState(record);
            LOG.info("created container {} in {}", record.id, bundle);
            return new Container(services, store, record);
        } catch (IOException | RuntimeException e) {
            if (mounted) {
                RootfsMounter.unmountAll(rootfs);
            }
            if (createdMountPoint) {
                Files.deleteIfExists(rootfs);
            }
            if (e instanceof IllegalArgumentException) {
                throw Errors.invalid(e.getMessage());
            }
            throw e;
        }
    }

    /**
     * Takes back a container a previous host served. A process recorded running that still
     * lives (same pid and start time) is adopted; one that is gone is recorded as exited with
     * 255 and an error, never left "running".
     */
    public static Container restore(Services services, Path dir, ContainerRecord record) throws IOException {
        StateStore store = new StateStore(dir);
        Container c = new Container(services, store, record);
        synchronized (c) {
            TaskProcess init = c.init;
            init.lastExit = store.loadExit().orElse(null);
            init.status = Status.valueOf(record.status);
            init.pid = record.pid;
            init.pidStartTime = record.pidStartTime;
            init.startedAt = Timestamps.parse(record.startedAt);
            for (ContainerRecord.ExecRecord r : record.execs) {
                TaskProcess exec = new TaskProcess(services.loop(), c.id, r.execId, store.execDir(r.execId), r.terminal, r.stdin, true);
                exec.status = Status.valueOf(r.status);
                exec.pid = r.pid;
                exec.pidStartTime = r.pidStartTime;
                exec.startedAt = Timestamps.parse(r.startedAt);
                if (r.exitStatus != null) {
                    exec.lastExit = new ExitRecord(r.exitStatus, Timestamps.parse(r.exitedAt), r.error);
                }
                c.execs.put(r.execId, exec);
            }
            for (TaskProcess process : c.allProcesses()) {
                if (process.isRunning()) {
                    takeBack(c, process);
                }
            }
            c.persist();
        }
        return c;
    }

    private static void takeBack(Container c, TaskProcess process) throws IOException {
        if (process.isInit() && process.lastExit != null) {
            // the previous host recorded the exit but died before it updated state.json
            process.ended(process.lastExit);
            return;
        }
        boolean alive = process.pid > 0 && Procs.state(process.pid) != 'Z' && Procs.state(process.pid) != 0
                && Procs.startTime(process.pid) == process.pidStartTime;
        if (!alive) {
            c.exited(process, new ExitRecord(ExitRecord.UNKNOWN_STATUS, Instant.now(), process.isInit() ? LOST : EXEC_LOST));
            return;
        }
        LOG.info("{} still runs as pid {}; adopting it", process.describe(), process.pid);
        ProcessOutput output = new ProcessOutput(process.isInit() ? c.openLog() : null, process.attachments, false);
        process.run = ProcessRun.adopt(c.services.loop(), c.services.children(), process, output, c, process.pid, process.pidStartTime);
    }

    /**
     * Delete: unmounts the rootfs, removes what Create made and the container's whole state
     * directory. The last exit goes back in Delete's answer; a removed container leaves nothing.
     */
    static void teardown(Container c) throws IOException {
        Path rootfs = c.rootfs();
        if (c.record.rootfsMounted) {
            RootfsMounter.unmountAll(rootfs);
        }
        if (c.record.rootfsCreated) {
            try {
                Files.deleteIfExists(rootfs);
            } catch (IOException e) {
                LOG.warn("cannot remove {}: {}", rootfs, e.toString());
            }
        }
        DurableFiles.deleteTree(c.store.dir());
    }

    static ContainerRecord.User record(UserResolver.ResolvedUser user) {
        ContainerRecord.User r = new ContainerRecord.User();
        r.uid = user.uid();
        r.gid = user.gid();
        r.additionalGids = user.additionalGids();
        r.home = user.home();
        return r;
    }

    static UserResolver.ResolvedUser user(ContainerRecord.User r) {
        return r == null ? null : new UserResolver.ResolvedUser(r.uid, r.gid, r.additionalGids, r.home == null ? "/" : r.home);
    }
}
