package dev.berth.content.lease;

import dev.berth.api.containerd.leases.v1.Lease;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * containerd's {@code containerd.io/gc.expire} label: an RFC 3339 time after which the lease no
 * longer protects anything. An unparsable value is ignored (the lease stays), as containerd does.
 */
public final class LeaseExpiry {
    public static final String LABEL = "containerd.io/gc.expire";
    private static final Logger LOG = LoggerFactory.getLogger(LeaseExpiry.class);

    private LeaseExpiry() {}

    public static boolean isExpired(Lease lease, Instant now) {
        String value = lease.getLabelsMap().get(LABEL);
        if (value == null) {
            return false;
        }
        try {
            return now.isAfter(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException e) {
            LOG.info("ignoring invalid expiration value \"{}\" of lease {}", value, lease.getId());
            return false;
        }
    }
}
