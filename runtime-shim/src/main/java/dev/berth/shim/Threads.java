package dev.berth.shim;

/**
 * The shim's threads. Whatever blocks in native code (pipe and FIFO reads, writes and opens,
 * waitpid) runs on a small platform thread: on a virtual thread it would pin one of the few
 * carrier threads and could starve every other virtual thread of the shim.
 */
final class Threads {
    private static final long SMALL_STACK = 256 * 1024;

    private Threads() {}

    static Thread startBlocking(String name, Runnable task) {
        return Thread.ofPlatform().name(name).daemon().stackSize(SMALL_STACK).start(task);
    }
}
