package dev.unrip.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOnOneToThousand() {
        List<Integer> samples = new ArrayList<>();
        for (int i = 1000; i >= 1; i--) {
            samples.add(i); // unsorted input
        }
        Percentiles p = Percentiles.of(samples);
        assertEquals(1000, p.count());
        assertEquals(500, p.p50());
        assertEquals(990, p.p99());
        assertEquals(999, p.p999());
        assertEquals(1000, p.max());
        assertEquals(500.5, p.mean(), 1e-9);
        assertTrue(p.p999Meaningful());
    }

    @Test
    void fewSamplesClampToTheExtremes() {
        Percentiles p = Percentiles.of(new double[] {7, 3});
        assertEquals(3, p.p50());
        assertEquals(7, p.p99());
        assertEquals(7, p.p999());
        assertFalse(p.p999Meaningful());
        Percentiles one = Percentiles.of(new double[] {4});
        assertEquals(4, one.p50());
        assertEquals(4, one.p999());
    }

    @Test
    void noSamplesIsEmptyNotAnError() {
        assertEquals(0, Percentiles.of(new double[0]).count());
        assertEquals("no samples", Percentiles.of(List.of()).brief());
    }
}
