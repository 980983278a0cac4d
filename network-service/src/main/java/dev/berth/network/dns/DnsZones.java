package dev.berth.network.dns;

import dev.berth.network.state.NetworkRecord;
import dev.berth.network.state.NetworkState;
import dev.berth.network.state.SandboxRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The records of every network that resolves names, remade from each committed state, so they
 * follow Attach, Detach, RemoveSandbox and RenameContainer, and a restart, with nothing left over.
 */
public final class DnsZones implements Consumer<NetworkState> {
    private volatile Map<String, DnsRecords> byNetwork = Map.of();

    @Override
    public void accept(NetworkState state) {
        Map<String, DnsRecords> next = new HashMap<>();
        for (NetworkRecord network : state.networks().values()) {
            if (network.resolvesNames()) {
                next.put(network.id(), DnsRecords.of(network, state.attachedOn(network.id()), containerId -> {
                    SandboxRecord sandbox = state.sandboxes().get(containerId);
                    return sandbox == null ? List.of() : Upstreams.of(sandbox.dnsServers());
                }));
            }
        }
        byNetwork = Map.copyOf(next);
    }

    public DnsRecords of(String networkId) {
        return byNetwork.getOrDefault(networkId, DnsRecords.EMPTY);
    }
}
