package dev.berth.network.netlink;

import static dev.berth.network.netlink.Rtnetlink.*;

/** IPv4 address requests (RTM_NEWADDR) over one socket. */
public final class Addresses {
    private static final int BROADCAST_MAX_PREFIX = 30;
    private final NetlinkSocket socket;

    public Addresses(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** Adds the address ({@code ip addr add}); one already there is EEXIST. */
    public void add(Link link, Ipv4Prefix address, boolean withBroadcast) {
        socket.request(request(NLM_F_CREATE | NLM_F_EXCL, link, address, withBroadcast),
                "add address " + address + " to " + link.name());
    }

    /** Sets the address whether or not it is there ({@code ip addr replace}). */
    public void replace(Link link, Ipv4Prefix address, boolean withBroadcast) {
        socket.request(request(NLM_F_CREATE | NLM_F_REPLACE, link, address, withBroadcast),
                "replace address " + address + " on " + link.name());
    }

    private static MessageBuilder request(int flags, Link link, Ipv4Prefix address, boolean withBroadcast) {
        MessageBuilder request = new MessageBuilder(RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | flags)
                .ifaddrmsg(AF_INET, address.length(), RT_SCOPE_UNIVERSE, link.index())
                .attribute(IFA_LOCAL, address.address())
                .attribute(IFA_ADDRESS, address.address());
        // as "brd +": /31 and /32 have no broadcast address
        if (withBroadcast && address.length() <= BROADCAST_MAX_PREFIX) {
            request.attribute(IFA_BROADCAST, address.broadcast());
        }
        return request;
    }
}
