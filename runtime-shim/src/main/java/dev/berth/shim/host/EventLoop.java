package dev.berth.shim.host;

import dev.berth.shim.posix.Epoll;
import dev.berth.shim.posix.Fds;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's one I/O thread: an epoll loop over every running container's output descriptors
 * (FIFOs, pty masters), stdin writers, pidfds of the processes it watches and console sockets,
 * plus timers. Handlers run on this thread and must not block. Other threads hand work over
 * with {@link #execute}; registrations and timers are touched only on the loop thread.
 */
public final class EventLoop {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);
    private static final int MAX_EVENTS = 64;
    public static final int READ_BUFFER = 64 * 1024;

    /** Told when its descriptor is ready; {@code events} are epoll's bits. */
    public interface Handler {
        void ready(int events);
    }

    /** A watched descriptor. The loop never closes it: its owner does, after {@link #cancel}. */
    public final class Registration {
        private final long token;
        private final int fd;
        private final Handler handler;
        private int interest;
        private boolean active = true;

        private Registration(long token, int fd, int interest, Handler handler) {
            this.token = token;
            this.fd = fd;
            this.interest = interest;
            this.handler = handler;
        }

        public int fd() {
            return fd;
        }

        /** Changes what the descriptor is watched for (0: nothing, e.g. while output is paused). */
        public void interest(int newInterest) {
            if (active && newInterest != interest) {
                interest = newInterest;
                epoll.modify(fd, newInterest, token);
            }
        }

        public void cancel() {
            if (active) {
                active = false;
                registrations.remove(token);
                epoll.remove(fd);
            }
        }

        public boolean active() {
            return active;
        }
    }

    /** A one-shot timer; cancel() before it fired keeps it from running. */
    public static final class Timer implements Comparable<Timer> {
        private final long due;
        private final long sequence;
        private final Runnable task;
        private boolean cancelled;

        private Timer(long due, long sequence, Runnable task) {
            this.due = due;
            this.sequence = sequence;
            this.task = task;
        }

        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Timer other) {
            int byDue = Long.compare(due, other.due);
            return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
        }
    }

    private final Epoll epoll = new Epoll(MAX_EVENTS);
    private final int wakeFd = Fds.eventfd();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final Map<Long, Registration> registrations = new HashMap<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment readBuffer = arena.allocate(READ_BUFFER, 16);
    private final MemorySegment errnoState = arena.allocate(java.lang.foreign.Linker.Option.captureStateLayout());
    private final MemorySegment wakeBuffer = arena.allocate(8, 8);
    private long nextToken = 1;
    private long timerSequence;
    private volatile boolean running = true;
    private Thread thread;

    public EventLoop() {
        epoll.add(wakeFd, Epoll.EPOLLIN, 0);
    }

    public void start() {
        thread = Thread.ofPlatform().name("shim-io").daemon().stackSize(512 * 1024).start(this::run);
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop thread, soon. Safe from any thread. */
    public void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop() && wakePending.compareAndSet(false, true)) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment one = a.allocate(8, 8);
                one.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, 1L);
                Fds.write(wakeFd, one, 8, a.allocate(java.lang.foreign.Linker.Option.captureStateLayout()));
            }
        }
    }

    /** Runs {@code task} on the loop thread and completes with what it returns. */
    public <T> CompletableFuture<T> call(java.util.function.Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(task.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    /** Loop thread only. */
    public Registration register(int fd, int interest, Handler handler) {
        assertInLoop();
        long token = nextToken++;
        Registration registration = new Registration(token, fd, interest, handler);
        epoll.add(fd, interest, token);
        registrations.put(token, registration);
        return registration;
    }

    /** Loop thread only. */
    public Timer schedule(long delayMillis, Runnable task) {
        assertInLoop();
        Timer timer = new Timer(System.nanoTime() / 1_000_000 + delayMillis, timerSequence++, task);
        timers.add(timer);
        return timer;
    }

    /** Repeats {@code task} every {@code periodMillis} while the loop runs. */
    public void every(long periodMillis, Runnable task) {
        execute(() -> schedule(periodMillis, new Runnable() {
            @Override
            public void run() {
                try {
                    task.run();
                } finally {
                    schedule(periodMillis, this);
                }
            }
        }));
    }

    /** The loop thread's read buffer (native), reused by every handler. */
    public MemorySegment readBuffer() {
        assertInLoop();
        return readBuffer;
    }

    /** The loop thread's errno capture state. */
    public MemorySegment errnoState() {
        assertInLoop();
        return errnoState;
    }

    public void stop() {
        running = false;
        execute(() -> { });
    }

    private void assertInLoop() {
        if (!inLoop()) {
            throw new IllegalStateException("not on the event loop thread");
        }
    }

    private void run() {
        while (running) {
            int ready = epoll.await(nextTimeout());
            for (int i = 0; i < ready; i++) {
                long token = epoll.readyToken(i);
                if (token == 0) {
                    drainWakeups();
                    continue;
                }
                Registration registration = registrations.get(token);
                if (registration != null && registration.active) {
                    try {
                        registration.handler.ready(epoll.readyEvents(i));
                    } catch (Throwable t) {
                        LOG.error("event handler for fd {} failed", registration.fd, t);
                    }
                }
            }
            runTasks();
            runTimers();
        }
    }

    private void drainWakeups() {
        // read first, then allow the next wake-up: a task added in between is run by runTasks() below
        Fds.read(wakeFd, wakeBuffer, errnoState);
        wakePending.set(false);
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (Throwable t) {
                LOG.error("event loop task failed", t);
            }
        }
    }

    private void runTimers() {
        long now = System.nanoTime() / 1_000_000;
        while (!timers.isEmpty() && timers.peek().due <= now) {
            Timer timer = timers.poll();
            if (!timer.cancelled) {
                try {
                    timer.task.run();
                } catch (Throwable t) {
                    LOG.error("timer failed", t);
                }
            }
        }
    }

    private int nextTimeout() {
        if (!tasks.isEmpty()) {
            return 0;
        }
        while (!timers.isEmpty() && timers.peek().cancelled) {
            timers.poll();
        }
        if (timers.isEmpty()) {
            return -1;
        }
        long wait = timers.peek().due - System.nanoTime() / 1_000_000;
        return (int) Math.max(0, Math.min(wait, Integer.MAX_VALUE));
    }
}
