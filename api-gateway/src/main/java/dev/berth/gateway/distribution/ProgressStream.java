package dev.berth.gateway.distribution;

import dev.berth.registry.RegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * Runs a pull or push on its own virtual thread and streams its progress messages as the HTTP body.
 * What fails after the head went out can only be told in the stream, as moby does: an error message ends it.
 */
public final class ProgressStream {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressStream.class);

    /** The part of the work that runs once the response has begun. */
    @FunctionalInterface
    public interface Work {
        void run(ProgressOutput out) throws Exception;
    }

    private ProgressStream() {}

    public static Flux<byte[]> of(String name, Work work) {
        return Flux.create(sink -> {
            ProgressOutput out = new ProgressOutput(sink::next);
            sink.onCancel(out::cancel);
            Thread.ofVirtual().name(name).start(() -> {
                try {
                    work.run(out);
                } catch (RegistryException | dev.berth.gateway.api.DockerApiException e) {
                    out.error(e.getMessage());
                } catch (Exception | Error e) {
                    LOG.warn("{} failed", name, e);
                    out.error(e.getMessage() == null ? e.toString() : e.getMessage());
                } finally {
                    sink.complete();
                }
            });
        }, FluxSink.OverflowStrategy.BUFFER);
    }
}
