package dev.berth.gateway.build;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Fetches a base image (docker pull) for FROM, writing Docker's pull progress messages (JSON lines)
 * into the build's stream, as Docker's builder pulls a missing base or, with --pull, every base.
 */
@FunctionalInterface
public interface BasePuller {
    void pull(String reference, Consumer<byte[]> messages) throws IOException;
}
