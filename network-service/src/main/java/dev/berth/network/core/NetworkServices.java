package dev.berth.network.core;

import dev.berth.network.state.NetworkRecord;

/** What a user-defined network runs beside its bridge (its DNS server), started and stopped with it. */
public interface NetworkServices {
    /** Starts the network's services; throws if they cannot run (the network is then not created). */
    void start(NetworkRecord network);

    /** Stops them; stopping what is not running is not an error. */
    void stop(NetworkRecord network);
}
