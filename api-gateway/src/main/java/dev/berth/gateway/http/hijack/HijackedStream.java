package dev.berth.gateway.http.hijack;

import dev.berth.gateway.container.Attachment;
import dev.berth.gateway.container.OutputSink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One hijacked connection after Docker's attach upgrade: process output goes out as frames (raw
 * bytes for a TTY), bytes from the socket go to the process's stdin, the client's half-close
 * closes stdin, and the end of the output closes the connection. Used by container attach and,
 * later, exec start: whatever produces an {@link Attachment} for an {@link OutputSink}.
 *
 * <p>Output that arrives before the upgrade head is written is held back, so the head is always
 * first on the wire.
 */
public final class HijackedStream implements OutputSink {
    private static final Logger LOG = LoggerFactory.getLogger(HijackedStream.class);
    private static final byte[] END_OF_INPUT = new byte[0];
    /** Stop reading the socket while this much client input waits for the process. */
    private static final long INPUT_HIGH_WATER = 1 << 20;

    private final ChannelHandlerContext ctx;
    private final Channel channel;
    private final LinkedBlockingQueue<byte[]> input = new LinkedBlockingQueue<>();
    private final AtomicLong queuedInput = new AtomicLong();
    private final List<Object[]> heldOutput = new ArrayList<>();
    private boolean multiplexed = true;
    private boolean opened;
    private boolean outputClosed;
    private volatile boolean finished;
    private volatile Attachment attachment;

    /** {@code ctx} is the hijacking handler's: writes start below it, where only raw bytes flow. */
    public HijackedStream(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.channel = ctx.channel();
    }

    /** The head a hijack answers with: 101 when the client asked to upgrade to tcp, else 200 and a raw stream. */
    public static String head(boolean upgrade, boolean tty) {
        String contentType = tty ? StreamFrames.RAW : StreamFrames.MULTIPLEXED;
        return upgrade
                ? "HTTP/1.1 101 UPGRADED\r\nContent-Type: " + contentType + "\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n"
                : "HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\n\r\n";
    }

    /**
     * Writes the head, releases output held back until now and starts feeding stdin. Call once the
     * attachment exists; {@code tty} chooses raw bytes over frames.
     */
    public void open(String head, boolean tty, Attachment attachment) {
        this.attachment = attachment;
        List<Object[]> held;
        synchronized (this) {
            multiplexed = !tty;
            ctx.write(Unpooled.copiedBuffer(head, StandardCharsets.US_ASCII));
            for (Object[] item : heldOutput) {
                ctx.write(StreamFrames.encode(channel.alloc(), multiplexed, (Integer) item[0], (byte[]) item[1]));
            }
            heldOutput.clear();
            opened = true;
            ctx.flush();
            if (outputClosed) {
                closeConnection();
            }
        }
        Thread.ofVirtual().name("stdin-pump").start(this::pumpInput);
        channel.config().setAutoRead(true);
    }

    @Override
    public void output(int stream, byte[] data) {
        synchronized (this) {
            if (finished || data.length == 0) {
                return;
            }
            if (!opened) {
                heldOutput.add(new Object[] {stream, data});
                return;
            }
            ctx.writeAndFlush(StreamFrames.encode(channel.alloc(), multiplexed, stream, data));
        }
        awaitWritable();
    }

    /** Slows the producer down to the client's pace, without ever blocking the event loop. */
    private void awaitWritable() {
        if (channel.eventLoop().inEventLoop()) {
            return;
        }
        while (!channel.isWritable() && channel.isActive()) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public synchronized void closed(Throwable error) {
        if (error != null) {
            LOG.debug("attachment ended with {}", error.toString());
        }
        outputClosed = true;
        if (opened) {
            closeConnection();
        }
    }

    private void closeConnection() {
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /** Bytes the client sent after the request: for stdin. */
    public void input(ByteBuf data) {
        try {
            if (finished || data.readableBytes() == 0) {
                return;
            }
            byte[] bytes = new byte[data.readableBytes()];
            data.readBytes(bytes);
            input.add(bytes);
            if (queuedInput.addAndGet(bytes.length) > INPUT_HIGH_WATER) {
                channel.config().setAutoRead(false);
            }
        } finally {
            data.release();
        }
    }

    /** The client half-closed its side: the process sees the end of its stdin. */
    public void inputEnded() {
        input.add(END_OF_INPUT);
    }

    /** The connection is gone: detach, leaving the process alone. */
    public void connectionClosed() {
        finished = true;
        input.add(END_OF_INPUT);
        Attachment current = attachment;
        if (current != null) {
            current.close();
        }
    }

    private void pumpInput() {
        OutputStream stdin = attachment.stdin();
        try {
            while (true) {
                byte[] bytes = input.take();
                if (bytes == END_OF_INPUT) {
                    break;
                }
                if (queuedInput.addAndGet(-bytes.length) <= INPUT_HIGH_WATER / 2 && !finished) {
                    channel.config().setAutoRead(true);
                }
                stdin.write(bytes);
                stdin.flush();
            }
        } catch (IOException e) {
            LOG.debug("stdin closed under the client: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                stdin.close();
            } catch (IOException ignored) {
                // the process is gone; nothing waits for this stdin any more
            }
        }
    }
}
