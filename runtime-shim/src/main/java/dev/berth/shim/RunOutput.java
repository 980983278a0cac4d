package dev.berth.shim;

import dev.berth.api.runtime.v1.StdStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The output of one run, on its way to the json-file log and the attached clients. Until runc
 * has started the process, output is held back: what arrives before that is runc's own error
 * (runc run shares its stderr with the container), which becomes Start's error instead of a log line.
 */
final class RunOutput {
    private record Chunk(StdStream stream, byte[] data, Instant time) {}

    private final JsonFileLog log;
    private final Attachments attachments;
    private final LogLineSplitter stdoutLines;
    private final LogLineSplitter stderrLines;
    private final List<Chunk> held = new ArrayList<>();
    private boolean released;
    private boolean discarded;

    RunOutput(JsonFileLog log, Attachments attachments) {
        this.log = log;
        this.attachments = attachments;
        this.stdoutLines = new LogLineSplitter((d, o, l, t) -> appendToLog("stdout", d, o, l, t));
        this.stderrLines = new LogLineSplitter((d, o, l, t) -> appendToLog("stderr", d, o, l, t));
    }

    synchronized void data(StdStream stream, byte[] data, Instant time) {
        if (discarded) {
            return;
        }
        if (!released) {
            held.add(new Chunk(stream, data, time));
            return;
        }
        deliver(stream, data, time);
    }

    /** The stream reached its end (null data marks it while held). */
    synchronized void end(StdStream stream, Instant time) {
        data(stream, null, time);
    }

    /** The process started: everything held, and everything to come, goes out. */
    synchronized void release() {
        released = true;
        for (Chunk chunk : held) {
            deliver(chunk.stream(), chunk.data(), chunk.time());
        }
        held.clear();
    }

    /** The start failed: returns what runc printed and drops it. */
    synchronized String discard() {
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
