package dev.berth.image;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Chain ids of a layer stack, as the OCI image spec defines them: ChainID(L0) = DiffID(L0),
 * ChainID(L0..Ln) = sha256(ChainID(L0..Ln-1) + " " + DiffID(Ln)). The chain id of the top layer
 * names the snapshot of the whole stack, so images sharing a stack share the snapshot.
 */
public final class ChainId {
    private ChainId() {}

    /** The chain id of every prefix of {@code diffIds}: element i is the chain id of layers 0..i. */
    public static List<Digest> chain(List<Digest> diffIds) {
        List<Digest> chain = new ArrayList<>(diffIds.size());
        Digest previous = null;
        for (Digest diffId : diffIds) {
            previous = previous == null ? diffId : next(previous, diffId);
            chain.add(previous);
        }
        return List.copyOf(chain);
    }

    /** The chain id of the whole stack; throws on an empty list, which has no chain id. */
    public static Digest of(List<Digest> diffIds) {
        if (diffIds.isEmpty()) {
            throw new IllegalArgumentException("an empty layer stack has no chain id");
        }
        List<Digest> chain = chain(diffIds);
        return chain.get(chain.size() - 1);
    }

    /** The chain id of {@code diffId} applied on top of the stack named {@code parentChainId}. */
    public static Digest next(Digest parentChainId, Digest diffId) {
        return Digest.of((parentChainId + " " + diffId).getBytes(StandardCharsets.UTF_8));
    }
}
