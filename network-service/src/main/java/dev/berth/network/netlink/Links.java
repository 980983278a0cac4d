package dev.berth.network.netlink;

import static dev.berth.network.netlink.Rtnetlink.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Link requests (RTM_GETLINK, RTM_NEWLINK, RTM_DELLINK) over one socket, by interface name. */
public final class Links {
    private final NetlinkSocket socket;

    public Links(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** The named link, or empty when there is none (ENODEV). */
    public Optional<Link> find(String name) {
        MessageBuilder request = new MessageBuilder(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK)
                .ifinfomsg(AF_UNSPEC, 0, 0, 0).attribute(IFLA_IFNAME, name);
        try {
            return socket.request(request, "get link " + name).stream().findFirst().map(Link::parse);
        } catch (NetlinkException e) {
            if (e.errno() == NetlinkException.ENODEV) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The named link; ENODEV worded as ip words it when it is missing. */
    public Link require(String name) {
        return find(name).orElseThrow(() -> new NetlinkException(
                "Cannot find device \"" + name + "\"", NetlinkException.ENODEV));
    }

    public List<Link> all() {
        MessageBuilder request = new MessageBuilder(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP)
                .ifinfomsg(AF_UNSPEC, 0, 0, 0);
        List<Link> links = new ArrayList<>();
        for (Message message : socket.request(request, "dump links")) {
            if (message.type() == RTM_NEWLINK) {
                links.add(Link.parse(message));
            }
        }
        return links;
    }

    public void addBridge(String name) {
        MessageBuilder request = create().attribute(IFLA_IFNAME, name)
                .beginNested(IFLA_LINKINFO).attribute(IFLA_INFO_KIND, "bridge").endNested();
        socket.request(request, "add bridge " + name);
    }

    /**
     * A veth pair: {@code hostName} here, the peer born in the namespace file {@code peerNamespace}
     * under its final name, with {@code peerMac} (null: random) and {@code mtu} (0: default) on both ends.
     */
    public void addVeth(String hostName, String peerName, Path peerNamespace, String namespaceName, byte[] peerMac,
                        int mtu) {
        int namespaceFd = NamespaceCalls.open(peerNamespace, namespaceName);
        try {
            addVeth(hostName, peerName, namespaceFd, peerMac, mtu);
        } finally {
            SocketCalls.close(namespaceFd);
        }
    }

    private void addVeth(String hostName, String peerName, int peerNamespaceFd, byte[] peerMac, int mtu) {
        MessageBuilder request = create().attribute(IFLA_IFNAME, hostName);
        if (mtu > 0) {
            request.attribute(IFLA_MTU, mtu);
        }
        request.beginNested(IFLA_LINKINFO).attribute(IFLA_INFO_KIND, "veth")
                .beginNested(IFLA_INFO_DATA).beginNested(VETH_INFO_PEER)
                .ifinfomsg(AF_UNSPEC, 0, 0, 0)
                .attribute(IFLA_IFNAME, peerName)
                .attribute(IFLA_NET_NS_FD, peerNamespaceFd);
        if (peerMac != null) {
            request.attribute(IFLA_ADDRESS, peerMac);
        }
        if (mtu > 0) {
            request.attribute(IFLA_MTU, mtu);
        }
        request.endNested().endNested().endNested();
        socket.request(request, "add veth " + hostName + " peer " + peerName);
    }

    /** Brings the link up; with {@code master} > 0 also enslaves it to that bridge, in one request. */
    public void setUp(String name, int master) {
        MessageBuilder request = change(IFF_UP, IFF_UP).attribute(IFLA_IFNAME, name);
        if (master > 0) {
            request.attribute(IFLA_MASTER, master);
        }
        socket.request(request, "set link " + name + " up");
    }

    /** Deletes the link (both ends of a veth); a missing link throws with ENODEV. */
    public void delete(String name) {
        MessageBuilder request = new MessageBuilder(RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK)
                .ifinfomsg(AF_UNSPEC, 0, 0, 0).attribute(IFLA_IFNAME, name);
        socket.request(request, "delete link " + name);
    }

    private static MessageBuilder create() {
        return new MessageBuilder(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL)
                .ifinfomsg(AF_UNSPEC, 0, 0, 0);
    }

    /** RTM_NEWLINK without NLM_F_CREATE changes an existing link, found by IFLA_IFNAME (index 0). */
    private static MessageBuilder change(int flags, int mask) {
        return new MessageBuilder(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK).ifinfomsg(AF_UNSPEC, 0, flags, mask);
    }
}
