package dev.unrip.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RatesTest {

    /** Records with the given Kafka timestamps (ms), the rest of a {@link Tailer.Seen} left empty. */
    static List<Tailer.Seen> at(long... ts) {
        List<Tailer.Seen> out = new ArrayList<>();
        for (long t : ts) {
            out.add(new Tailer.Seen("t", t, t, null, null, -1, null, false, 0));
        }
        return out;
    }

    @Test
    void steadyRateLeavesTheFirstFifthOut() {
        long[] ts = new long[100];
        for (int i = 0; i < 20; i++) {
            ts[i] = i * 100L; // a slow start: 10/s
        }
        for (int i = 20; i < 100; i++) {
            ts[i] = 2000 + (i - 20) * 10L; // then 100/s
        }
        assertEquals(100.0, Rates.steady(at(ts)), 1e-9);
        assertTrue(Rates.overall(at(ts)) < 100.0);
    }

    @Test
    void fewRecordsGiveTheOverallRateAndOneGivesNone() {
        assertEquals(2.0, Rates.steady(at(0, 500, 1000)), 1e-9);
        assertTrue(Double.isNaN(Rates.steady(at(42))));
    }

    @Test
    void partIsClampedToWhatIsThere() {
        List<Tailer.Seen> records = at(1, 2, 3);
        assertEquals(1, Rates.part(records, 2, 10).size());
        assertEquals(0, Rates.part(records, 5, 10).size());
    }
}
