package dev.berth.network.core;

import dev.berth.network.state.EndpointRecord;
import dev.berth.network.state.NetworkRecord;

/** An endpoint with the network it joins, as Attach returns it. */
public record JoinedEndpoint(NetworkRecord network, EndpointRecord endpoint) {}
