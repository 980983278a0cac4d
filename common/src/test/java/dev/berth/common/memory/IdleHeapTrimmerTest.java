package dev.berth.common.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class IdleHeapTrimmerTest {

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    @Test
    void collectsOnceWhenQuietWithRoomToGiveBackAndNotAgainUntilWorkResumes() {
        IdleHeapTrimmer trimmer = new IdleHeapTrimmer(Duration.ofSeconds(1));
        trimmer.check(); // the first look only counts collections
        long before = collections();
        trimmer.check(); // nothing collected since: quiet, and a test JVM's heap has room
        assertTrue(collections() > before, "a quiet process with room in its heap is collected");

        long after = collections();
        trimmer.check();
        trimmer.check();
        assertEquals(after, collections(), "no second collection while it stays quiet");

        System.gc(); // work (any collection) since the last look
        trimmer.check();
        long afterWork = collections();
        trimmer.check();
        assertTrue(collections() > afterWork, "after work, a quiet process is collected again");
    }
}
