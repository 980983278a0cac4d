package dev.berth.network.core;

import dev.berth.network.state.NetworkRecord;
import dev.berth.network.state.NetworkState;
import java.util.List;

/** Finds a network as Docker does: by full id, then by name, then by a unique id prefix. */
public final class NetworkLookup {
    private NetworkLookup() {}

    public static NetworkRecord find(NetworkState state, String nameOrId) {
        if (nameOrId == null || nameOrId.isEmpty()) {
            throw NetworkError.invalidArgument("network name or id is required");
        }
        NetworkRecord byId = state.networks().get(nameOrId);
        if (byId != null) {
            return byId;
        }
        var byName = state.networkNamed(nameOrId);
        if (byName.isPresent()) {
            return byName.get();
        }
        List<NetworkRecord> byPrefix = state.networks().values().stream()
                .filter(n -> n.id().startsWith(nameOrId))
                .toList();
        if (byPrefix.size() == 1) {
            return byPrefix.getFirst();
        }
        if (byPrefix.size() > 1) {
            throw NetworkError.notFound("network " + nameOrId + " is ambiguous (" + byPrefix.size()
                    + " matches found based on ID prefix)");
        }
        throw NetworkError.notFound("network " + nameOrId + " not found");
    }
}
