package dev.berth.network.netlink;

/** The numbers of linux/netlink.h, linux/rtnetlink.h, linux/if_link.h and linux/veth.h that Berth uses. */
final class Rtnetlink {
    static final int AF_UNSPEC = 0;
    static final int AF_INET = 2;
    static final int AF_NETLINK = 16;
    static final int NETLINK_ROUTE = 0;

    // nlmsghdr types and flags
    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;
    static final int NLM_F_REQUEST = 0x1;
    static final int NLM_F_MULTI = 0x2;
    static final int NLM_F_ACK = 0x4;
    static final int NLM_F_DUMP = 0x300;
    static final int NLM_F_REPLACE = 0x100;
    static final int NLM_F_EXCL = 0x200;
    static final int NLM_F_CREATE = 0x400;

    static final int RTM_NEWLINK = 16;
    static final int RTM_DELLINK = 17;
    static final int RTM_GETLINK = 18;
    static final int RTM_NEWADDR = 20;
    static final int RTM_NEWROUTE = 24;
    static final int RTM_GETROUTE = 26;

    // struct sizes
    static final int NLMSG_HDRLEN = 16;
    static final int IFINFOMSG_LEN = 16;
    static final int IFADDRMSG_LEN = 8;
    static final int RTMSG_LEN = 12;

    static final int IFF_UP = 0x1;

    // IFLA_* (ifinfomsg attributes)
    static final int IFLA_ADDRESS = 1;
    static final int IFLA_IFNAME = 3;
    static final int IFLA_MTU = 4;
    static final int IFLA_MASTER = 10;
    static final int IFLA_LINKINFO = 18;
    static final int IFLA_NET_NS_FD = 28;
    static final int IFLA_INFO_KIND = 1;
    static final int IFLA_INFO_DATA = 2;
    static final int VETH_INFO_PEER = 1;

    // IFA_* (ifaddrmsg attributes)
    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    static final int IFA_BROADCAST = 4;

    // RTA_* and rtmsg values
    static final int RTA_DST = 1;
    static final int RTA_OIF = 4;
    static final int RTA_GATEWAY = 5;
    static final int RTA_TABLE = 15;
    static final int RT_TABLE_MAIN = 254;
    static final int RTPROT_BOOT = 3;
    static final int RT_SCOPE_UNIVERSE = 0;
    static final int RTN_UNICAST = 1;

    private Rtnetlink() {}
}
