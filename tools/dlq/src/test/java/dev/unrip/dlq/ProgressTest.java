package dev.unrip.dlq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void handledOffsetsBelowTheFirstGapMoveTheCommittedOffset() {
        Progress p = Progress.from(0);
        p.markDone(0);
        p.markDone(1);
        assertEquals(2, p.next());
        assertEquals("", p.metadata());
    }

    @Test
    void offsetsHandledPastAGapAreKeptAsRangesAndSurviveACommit() {
        Progress p = Progress.from(10);
        for (long o : new long[] {12, 13, 14, 17}) {
            p.markDone(o);
        }
        assertEquals(10, p.next());
        assertEquals("v1 done=12-14,17", p.metadata());

        Progress again = Progress.of(p.committed(), 0);
        assertFalse(again.handled(10));
        assertFalse(again.handled(11));
        assertTrue(again.handled(13));
        assertFalse(again.handled(15));
        assertTrue(again.handled(17));

        again.markDone(10);
        again.markDone(11);
        assertEquals(15, again.next(), "the gap closed: every offset up to 14 is handled");
        assertEquals("v1 done=17", again.metadata());
    }

    @Test
    void recordsLostToRetentionAreSkipped() {
        Progress p = Progress.of(new OffsetAndMetadata(3, "v1 done=5-6,9"), 6);
        assertEquals(7, p.next());
        assertEquals("v1 done=9", p.metadata());
    }

    @Test
    void progressItDoesNotUnderstandStopsTheRunRatherThanResendingEverything() {
        assertThrows(IllegalStateException.class, () -> Progress.of(new OffsetAndMetadata(3, "something else"), 0));
    }
}
