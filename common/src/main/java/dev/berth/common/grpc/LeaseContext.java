package dev.berth.common.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Context;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/**
 * The lease a client works under, sent in the gRPC metadata key {@code containerd-lease} as
 * containerd's clients send it: content and snapshots made by calls inside {@link #enter} belong
 * to the lease and are safe from garbage collection until it is deleted or expires. The lease
 * rides on the gRPC {@link Context}, so every call made in that scope carries it, whatever stub
 * makes it.
 */
public final class LeaseContext {
    public static final Metadata.Key<String> KEY = Metadata.Key.of("containerd-lease", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> LEASE = Context.key("containerd-lease");

    private LeaseContext() {}

    /** The lease of the current scope: on a server, the one the request carried; null when none. */
    public static String current() {
        return LEASE.get();
    }

    /** Until the returned scope is closed, every outgoing call of this thread carries {@code leaseId}. */
    public static Scope enter(String leaseId) {
        Context entered = Context.current().withValue(LEASE, leaseId);
        Context previous = entered.attach();
        return () -> entered.detach(previous);
    }

    /** A lease scope, closed on the thread that entered it. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Context for a server call: the lease its request carried, if any. */
    static Context fromHeaders(Context context, Metadata headers) {
        String lease = headers.get(KEY);
        return lease == null || lease.isEmpty() ? context : context.withValue(LEASE, lease);
    }

    /** Adds the current scope's lease, if any, to every outgoing call. */
    static final class Client implements ClientInterceptor {
        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            String lease = current();
            ClientCall<Q, R> call = next.newCall(method, options);
            if (lease == null) {
                return call;
            }
            return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
                @Override
                public void start(Listener<R> listener, Metadata headers) {
                    headers.put(KEY, lease);
                    super.start(listener, headers);
                }
            };
        }
    }
}
