package dev.berth.network.dns;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.dns.DefaultDnsPtrRecord;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import java.util.ArrayList;
import java.util.List;

/** The questions a network's DNS answers itself; everything else goes to the upstream resolvers. */
final class LocalAnswers {
    /** Docker's embedded DNS gives its records this time to live, in seconds. */
    static final int TTL = 600;

    private LocalAnswers() {}

    /**
     * The answer records, possibly none (AAAA of a known name: the name exists, with no IPv6
     * address), or null when the question is not about this network.
     */
    static List<DnsRecord> answer(DnsRecords records, DnsQuestion question) {
        DnsRecordType type = question.type();
        if (type.equals(DnsRecordType.A) || type.equals(DnsRecordType.AAAA)) {
            List<Integer> addresses = records.addresses(question.name());
            if (addresses.isEmpty()) {
                return null;
            }
            List<DnsRecord> answers = new ArrayList<>();
            if (type.equals(DnsRecordType.A)) {
                for (int address : addresses) {
                    answers.add(new DefaultDnsRawRecord(question.name(), DnsRecordType.A, TTL,
                            Unpooled.copyInt(address)));
                }
            }
            return answers;
        }
        if (type.equals(DnsRecordType.PTR)) {
            String name = records.reverse(question.name());
            return name == null ? null
                    : List.of(new DefaultDnsPtrRecord(question.name(), DnsRecord.CLASS_IN, TTL, name));
        }
        return null;
    }
}
