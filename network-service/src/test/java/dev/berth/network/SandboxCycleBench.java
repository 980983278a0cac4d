package dev.berth.network;

import dev.berth.api.network.v1.DetachRequest;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Not a test: times a container's network lifecycle (create sandbox, attach to bridge, detach,
 * remove sandbox) through the gRPC service on the TestStack's bridge. Run as root with the test
 * classpath: {@code java -cp ... dev.berth.network.SandboxCycleBench [rounds]}; under
 * {@code strace -f -e trace=execve} it also shows which processes one cycle starts.
 */
public final class SandboxCycleBench {
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Path dir = Files.createTempDirectory("berth-bench");
        TestStack.beforeClass();
        try (TestStack stack = new TestStack(dir, TestStack.settings())) {
            stack.start();
            for (int i = 0; i < 10; i++) {
                cycle(stack); // warm-up: JIT, bridge creation
            }
            System.out.println("measured cycles start at " + java.time.LocalTime.now());
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                cycle(stack);
            }
            System.out.println("measured cycles end at " + java.time.LocalTime.now());
            double perCycle = (System.nanoTime() - start) / 1e6 / rounds;
            System.out.printf("%d cycles, %.2f ms per create+attach+detach+remove%n", rounds, perCycle);
        } finally {
            TestStack.afterClass();
        }
    }

    private static void cycle(TestStack stack) {
        String container = stack.sandbox();
        stack.attach(container, "bridge", "bench");
        stack.network.detach(DetachRequest.newBuilder().setContainerId(container).setNetwork("bridge").build());
        stack.removeSandbox(container);
    }
}
