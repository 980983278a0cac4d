package dev.berth.network.core;

import dev.berth.network.state.EndpointRecord;
import dev.berth.network.state.NetworkRecord;
import java.util.List;

/** A network with the endpoints on it, as GetNetwork and ListNetworks show it. */
public record NetworkView(NetworkRecord network, List<EndpointRecord> endpoints) {}
