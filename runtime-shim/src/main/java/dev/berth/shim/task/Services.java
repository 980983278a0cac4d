package dev.berth.shim.task;

import dev.berth.shim.host.ChildProcesses;
import dev.berth.shim.host.EventLoop;
import dev.berth.shim.runc.Runc;
import java.nio.file.Path;

/** What every container of a host shares: the event loop, the child processes, runc, the shims directory and the host's group. */
public record Services(EventLoop loop, ChildProcesses children, Runc runc, Path stateDir, String group) {}
