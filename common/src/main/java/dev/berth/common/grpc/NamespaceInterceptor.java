package dev.berth.common.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Carries a request's namespace in the gRPC metadata key {@code containerd-namespace}, as
 * containerd does. Servers read it with {@link #current()}; a call without one gets "default".
 * The request's lease ({@code containerd-lease}) is put in the call's context as well, for
 * {@link LeaseContext#current()}.
 */
public final class NamespaceInterceptor implements ServerInterceptor {
    public static final Metadata.Key<String> KEY = Metadata.Key.of("containerd-namespace", Metadata.ASCII_STRING_MARSHALLER);
    public static final String DEFAULT = "default";
    private static final Context.Key<String> CONTEXT = Context.key("containerd-namespace");

    /** The namespace of the call being served. */
    public static String current() {
        String ns = CONTEXT.get();
        return ns == null ? DEFAULT : ns;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String ns = headers.get(KEY);
        if (ns == null || ns.isEmpty()) {
            ns = DEFAULT;
        } else if (!ns.matches("[A-Za-z0-9]([A-Za-z0-9._-]{0,75}[A-Za-z0-9])?")) {
            call.close(Status.INVALID_ARGUMENT.withDescription("namespace \"" + ns + "\" is not valid"), new Metadata());
            return new ServerCall.Listener<>() {};
        }
        Context context = LeaseContext.fromHeaders(Context.current().withValue(CONTEXT, ns), headers);
        return Contexts.interceptCall(context, call, headers, next);
    }

    /** Adds the namespace header to every outgoing call. */
    static final class Client implements ClientInterceptor {
        private final String namespace;

        Client(String namespace) {
            this.namespace = namespace;
        }

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                @Override
                public void start(Listener<R> listener, Metadata headers) {
                    headers.put(KEY, namespace);
                    super.start(listener, headers);
                }
            };
        }
    }
}
