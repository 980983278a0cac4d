package dev.berth.shim.task;

import dev.berth.api.runtime.v1.ResizePtyRequest;
import dev.berth.shim.posix.Fds;
import java.util.concurrent.CompletionException;

/** ResizePty: ioctl(TIOCSWINSZ) on the process's pty master, on the event loop that owns it. */
final class Terminals {
    private Terminals() {}

    static void resize(Container c, ResizePtyRequest request) {
        TaskProcess process = c.process(request.getExecId());
        if (request.getWidth() == 0 || request.getHeight() == 0 || request.getWidth() > 65535 || request.getHeight() > 65535) {
            throw Errors.invalid("terminal size " + request.getWidth() + "x" + request.getHeight() + " is not valid");
        }
        ProcessRun run;
        synchronized (c) {
            if (!process.isRunning()) {
                throw Container.notRunning(process);
            }
            if (!process.terminal) {
                throw Errors.failedPrecondition(process.describe() + " was not started with a terminal");
            }
            run = process.run;
        }
        try {
            c.services.loop().call(() -> {
                int fd = run == null ? -1 : run.terminalFd();
                if (fd < 0) {
                    throw Errors.failedPrecondition("the terminal of " + process.describe()
                            + " is gone (it went with a previous shim host, or the process exited)");
                }
                Fds.setWindowSize(fd, request.getHeight(), request.getWidth());
                return null;
            }).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
