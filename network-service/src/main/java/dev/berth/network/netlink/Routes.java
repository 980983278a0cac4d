package dev.berth.network.netlink;

import static dev.berth.network.netlink.Rtnetlink.*;

import java.util.ArrayList;
import java.util.List;

/** IPv4 route requests (RTM_NEWROUTE, RTM_GETROUTE) over one socket, main table only. */
public final class Routes {
    private final NetlinkSocket socket;

    /** A route of the main table: destination prefix and output interface index (0: none, e.g. blackhole). */
    public record Route(Ipv4Prefix destination, int outputInterface) {}

    public Routes(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** Sets the default route via {@code gateway} out of {@code link} ({@code ip route replace default}). */
    public void replaceDefault(byte[] gateway, Link link) {
        MessageBuilder request = new MessageBuilder(RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE)
                .rtmsg(AF_INET, 0, RT_TABLE_MAIN, RTPROT_BOOT, RT_SCOPE_UNIVERSE, RTN_UNICAST)
                .attribute(RTA_GATEWAY, gateway)
                .attribute(RTA_OIF, link.index());
        socket.request(request, "replace default route via " + link.name());
    }

    /** The IPv4 routes of the main table, the default route(s) included. */
    public List<Route> mainIpv4() {
        MessageBuilder request = new MessageBuilder(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP)
                .rtmsg(AF_INET, 0, 0, 0, 0, 0);
        List<Route> routes = new ArrayList<>();
        for (Message message : socket.request(request, "dump routes")) {
            if (message.type() != RTM_NEWROUTE || message.body().limit() < RTMSG_LEN) {
                continue;
            }
            int family = Byte.toUnsignedInt(message.body().get(0));
            int dstLength = Byte.toUnsignedInt(message.body().get(1));
            Attributes attributes = Attributes.parse(message.body(), RTMSG_LEN);
            int table = attributes.integer(RTA_TABLE).orElse(Byte.toUnsignedInt(message.body().get(4)));
            if (family != AF_INET || table != RT_TABLE_MAIN) {
                continue;
            }
            byte[] destination = attributes.bytes(RTA_DST).orElse(new byte[4]);
            routes.add(new Route(new Ipv4Prefix(destination, dstLength), attributes.integer(RTA_OIF).orElse(0)));
        }
        return routes;
    }
}
