package dev.berth.snapshot.service;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.file.InvalidPathException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a unary call and maps what it throws to a gRPC status. */
final class Calls {
    private static final Logger LOG = LoggerFactory.getLogger(Calls.class);

    interface Body<T> {
        T run() throws Exception;
    }

    private Calls() {}

    static <T> void unary(StreamObserver<T> observer, String method, Body<T> body) {
        T response;
        try {
            response = body.run();
        } catch (Throwable t) {
            observer.onError(toStatus(method, t));
            return;
        }
        observer.onNext(response);
        observer.onCompleted();
    }

    static StatusRuntimeException toStatus(String method, Throwable t) {
        if (t instanceof StatusRuntimeException e) {
            return e;
        }
        if (t instanceof InvalidPathException e) {
            return Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
        }
        if (t instanceof IllegalArgumentException e) {
            return Status.INVALID_ARGUMENT.withDescription(e.getMessage() + ": invalid argument").asRuntimeException();
        }
        LOG.warn("{} failed", method, t);
        return Status.INTERNAL.withDescription(method + ": " + t).withCause(t).asRuntimeException();
    }
}
