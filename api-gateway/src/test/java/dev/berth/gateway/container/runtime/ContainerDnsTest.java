package dev.berth.gateway.container.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.gateway.container.HostConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --dns, --dns-search, --dns-option and --add-host in resolv.conf and the hosts file. */
class ContainerDnsTest {
    private static final String HOST = "nameserver 127.0.0.53\nnameserver 192.0.2.1\nsearch lan\noptions edns0\n";

    private static HostConfig host(String json) throws Exception {
        return new ObjectMapper().readValue(json, HostConfig.class);
    }

    @Test
    void dnsFlagsReplaceTheHostsLines() throws Exception {
        assertEquals("nameserver 192.0.2.1\nsearch lan\noptions edns0\n",
                ContainerDns.resolvConf(HOST, host("{}"), "", false));
        assertEquals("nameserver 10.9.9.9\nsearch corp.example\noptions timeout:1\n", ContainerDns.resolvConf(HOST,
                host("{\"Dns\":[\"10.9.9.9\"],\"DnsSearch\":[\"corp.example\"],\"DnsOptions\":[\"timeout:1\"]}"), "", false));
        // on a network with its own name server, that server stays; the search domains follow --dns-search
        assertEquals("nameserver 10.75.0.1\nsearch x.example\noptions edns0 ndots:0\n",
                ContainerDns.resolvConf(HOST, host("{\"Dns\":[\"10.9.9.9\"],\"DnsSearch\":[\"x.example\"]}"), "10.75.0.1", false));
    }

    @Test
    void extraHostsGoBetweenTheDefaultsAndTheContainer() throws Exception {
        List<String> extra = ContainerDns.extraHosts(host("{\"ExtraHosts\":[\"db:10.1.2.3\",\"gw:host-gateway\"]}"), "10.74.0.1");
        assertEquals(List.of("10.1.2.3\tdb", "10.74.0.1\tgw"), extra);
        String hosts = ContainerFiles.hosts("10.74.0.2", "abc", extra);
        assertEquals(true, hosts.endsWith("ff02::2\tip6-allrouters\n10.1.2.3\tdb\n10.74.0.1\tgw\n10.74.0.2\tabc\n"), hosts);
    }
}
