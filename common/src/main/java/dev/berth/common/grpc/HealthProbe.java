package dev.berth.common.grpc;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.util.concurrent.TimeUnit;

/**
 * Waits until every service named on the command line answers gRPC health SERVING.
 * Used by deploy/ to start the stack in order: {@code HealthProbe [--timeout SECONDS] SOCKET...}.
 * Exits 0 when all are healthy, 1 with the unhealthy ones on stderr otherwise.
 */
public final class HealthProbe {
    private HealthProbe() {}

    public static void main(String[] args) throws InterruptedException {
        long timeoutMillis = 30_000;
        int first = 0;
        if (args.length >= 2 && args[0].equals("--timeout")) {
            timeoutMillis = (long) (Double.parseDouble(args[1]) * 1000);
            first = 2;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        int failed = 0;
        for (int i = first; i < args.length; i++) {
            if (!awaitServing(args[i], deadline)) {
                System.err.println("not healthy: " + args[i]);
                failed++;
            }
        }
        System.exit(failed == 0 ? 0 : 1);
    }

    static boolean awaitServing(String address, long deadlineNanos) throws InterruptedException {
        ManagedChannel channel = GrpcChannels.dial(address, NamespaceInterceptor.DEFAULT);
        try {
            while (true) {
                try {
                    ServingStatus status = HealthGrpc.newBlockingStub(channel)
                            .withDeadlineAfter(1, TimeUnit.SECONDS)
                            .check(HealthCheckRequest.getDefaultInstance())
                            .getStatus();
                    if (status == ServingStatus.SERVING) {
                        return true;
                    }
                } catch (RuntimeException notYet) {
                    // the socket is not there yet, or the server is still starting
                }
                if (System.nanoTime() > deadlineNanos) {
                    return false;
                }
                Thread.sleep(50);
            }
        } finally {
            channel.shutdownNow();
        }
    }
}
