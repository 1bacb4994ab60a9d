package dev.unrip.routes.common;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A batch is not decided on a trading state topic that has not been read yet: the wait ends in an
 * error naming why, which the batch's retries turn into "later", never into a refusal.
 */
class TradingStateAwaitTest {

    @Test
    void aStateNotReadYetIsAnErrorAfterTheWaitNotASnapshot() {
        TradingState notStarted = new TradingState();
        long t0 = System.nanoTime();
        TradingState.NotReadException e =
                assertThrows(TradingState.NotReadException.class, () -> notStarted.awaitRead(Duration.ofMillis(200)));
        long waitedMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(waitedMs >= 200, "it waited " + waitedMs + " ms");
        assertTrue(e.getMessage().contains("not started"), e.getMessage());
    }
}
