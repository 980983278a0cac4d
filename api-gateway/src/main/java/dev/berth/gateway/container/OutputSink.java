package dev.berth.gateway.container;

/** Receives an attached container's output. Called from one thread at a time, in order. */
public interface OutputSink {
    /** {@code stream} is 1 for stdout, 2 for stderr (the multiplexed stream's type byte). */
    void output(int stream, byte[] data);

    /** The process exited and its output is drained, or the attachment failed ({@code error} non-null). */
    void closed(Throwable error);
}
