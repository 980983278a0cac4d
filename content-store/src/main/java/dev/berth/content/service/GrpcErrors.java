package dev.berth.content.service;

import dev.berth.content.StoreException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the store's refusals into the gRPC status codes containerd uses for them. */
final class GrpcErrors {
    private static final Logger LOG = LoggerFactory.getLogger(GrpcErrors.class);

    /** A unary call body that may refuse the request. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws Exception;
    }

    private GrpcErrors() {}

    /** Runs {@code call} and sends its result, or the matching error status. */
    static <T> void respond(StreamObserver<T> out, Call<T> call) {
        T result;
        try {
            result = call.run();
        } catch (Exception e) {
            out.onError(toStatus(e));
            return;
        }
        out.onNext(result);
        out.onCompleted();
    }

    static StatusRuntimeException toStatus(Throwable error) {
        if (error instanceof StatusRuntimeException status) {
            return status;
        }
        if (error instanceof StoreException refused) {
            Status code = switch (refused.kind()) {
                case NOT_FOUND -> Status.NOT_FOUND;
                case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
                case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
                case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
                case OUT_OF_RANGE -> Status.OUT_OF_RANGE;
                case UNAVAILABLE -> Status.UNAVAILABLE;
                case NOT_IMPLEMENTED -> Status.UNIMPLEMENTED;
            };
            return code.withDescription(refused.getMessage()).asRuntimeException();
        }
        if (error instanceof IllegalArgumentException invalid) {
            return Status.INVALID_ARGUMENT.withDescription(invalid.getMessage() + ": invalid argument").asRuntimeException();
        }
        LOG.error("request failed", error);
        return Status.INTERNAL.withDescription(String.valueOf(error.getMessage())).withCause(error).asRuntimeException();
    }
}
