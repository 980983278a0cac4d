package dev.berth.shim.io;

import dev.berth.api.runtime.v1.StdStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The output of one run of a process, on its way to the attached clients and (for a container's
 * init) to the json-file log. Until runc has started the process, output is held back: what
 * arrives before that is runc's own error (runc shares its stdio with the container), which
 * becomes Start's error instead of a log line. Used on the event loop thread only.
 */
public final class ProcessOutput {
    private record Chunk(StdStream stream, byte[] data, Instant time) {}

    private final JsonFileLog log;
    private final Attachments attachments;
    private final LogLineSplitter stdoutLines;
    private final LogLineSplitter stderrLines;
    private final List<Chunk> held = new ArrayList<>();
    private boolean released;
    private boolean discarded;

    /** @param log the json-file log, or null (an exec's output goes to attached clients only) */
    public ProcessOutput(JsonFileLog log, Attachments attachments, boolean heldUntilStarted) {
        this.log = log;
        this.attachments = attachments;
        this.released = !heldUntilStarted;
        this.stdoutLines = new LogLineSplitter((d, o, l, t) -> appendToLog("stdout", d, o, l, t));
        this.stderrLines = new LogLineSplitter((d, o, l, t) -> appendToLog("stderr", d, o, l, t));
    }

    public void data(StdStream stream, byte[] data, Instant time) {
        if (discarded) {
            return;
        }
        if (!released) {
            held.add(new Chunk(stream, data, time));
            return;
        }
        deliver(stream, data, time);
    }

    /** The stream reached its end: a last line without newline is logged. */
    public void end(StdStream stream, Instant time) {
        data(stream, null, time);
    }

    /** The process started: everything held, and everything to come, goes out. */
    public void release() {
        released = true;
        for (Chunk chunk : held) {
            deliver(chunk.stream(), chunk.data(), chunk.time());
        }
        held.clear();
    }

    /** The start failed: returns what runc printed and drops it. */
    public String discard() {
        discarded = true;
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        for (Chunk chunk : held) {
            if (chunk.data() != null) {
                text.writeBytes(chunk.data());
            }
        }
        held.clear();
        return text.toString(StandardCharsets.UTF_8).trim();
    }

    public boolean clientsReady() {
        return attachments.allReady();
    }

    private void deliver(StdStream stream, byte[] data, Instant time) {
        LogLineSplitter lines = stream == StdStream.STDERR ? stderrLines : stdoutLines;
        if (data == null) {
            lines.finish(time);
            return;
        }
        lines.accept(data, 0, data.length, time);
        attachments.broadcast(stream, data);
    }

    private void appendToLog(String stream, byte[] data, int offset, int length, Instant time) {
        if (log != null) {
            log.append(stream, data, offset, length, time);
        }
    }
}
