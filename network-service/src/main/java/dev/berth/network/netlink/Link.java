package dev.berth.network.netlink;

import java.util.Optional;

/** A network interface as RTM_NEWLINK describes it: index, name, master's index (0: none), kind. */
public record Link(int index, String name, int master, Optional<String> kind) {

    static Link parse(Message message) {
        int index = message.body().getInt(4);
        Attributes attributes = Attributes.parse(message.body(), Rtnetlink.IFINFOMSG_LEN);
        return new Link(index,
                attributes.string(Rtnetlink.IFLA_IFNAME).orElse(""),
                attributes.integer(Rtnetlink.IFLA_MASTER).orElse(0),
                attributes.nested(Rtnetlink.IFLA_LINKINFO).flatMap(info -> info.string(Rtnetlink.IFLA_INFO_KIND)));
    }
}
