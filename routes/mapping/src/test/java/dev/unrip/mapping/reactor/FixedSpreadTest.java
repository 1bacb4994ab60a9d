package dev.unrip.mapping.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.contracts.EventIds;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FixedSpreadTest {

    private static final FixedSpread STRATEGY = new FixedSpread(
            "fixed-spread-v1", 30, 10_000, FixedSpread.parseRates(List.of("nep141:a.near>nep141:b.near=2")));
    private static final Instant BEFORE_DEADLINE = Instant.parse("2026-11-25T10:00:02.000Z");

    @Test
    void anAllowedDemandInTimeBecomesACommandDerivedFromItLessTheSpread() {
        Decision d = STRATEGY.decide(demand("nep141:a.near", "nep141:b.near", "1000"), BEFORE_DEADLINE);
        assertNull(d.skipReason());
        ObjectNode payload = (ObjectNode) d.command().event().path("payload");
        assertEquals(
                EventIds.commandId("fixed-spread-v1", "88dfb2bb-125d-840e-861e-51c1c770b07a", 0),
                payload.path("command_id").asText());
        assertEquals("1994", payload.path("action").path("amount_out").asText(), "1000 x 2 less 30 bps, rounded down");
        assertEquals("2000", payload.path("limits").path("max_amount_out").asText());
        assertEquals("q-1", d.command().key());
        assertEquals(
                d.command().json(),
                STRATEGY.decide(demand("nep141:a.near", "nep141:b.near", "1000"), BEFORE_DEADLINE)
                        .command()
                        .json(),
                "the same demand gives the same command, byte for byte");
    }

    @Test
    void whatCannotBeAnsweredIsSkippedWithItsReason() {
        assertEquals(
                "pair_not_allowed",
                STRATEGY.decide(demand("nep141:b.near", "nep141:a.near", "1000"), BEFORE_DEADLINE)
                        .skipReason());
        assertEquals(
                "deadline_cannot_be_met",
                STRATEGY.decide(
                                demand("nep141:a.near", "nep141:b.near", "1000"),
                                Instant.parse("2026-11-25T10:00:03.001Z"))
                        .skipReason());
        assertEquals(
                "amount_too_small",
                STRATEGY.decide(demand("nep141:a.near", "nep141:b.near", "0"), BEFORE_DEADLINE)
                        .skipReason());
    }

    @Test
    void aMalformedPairEntryIsRefusedNamingIt() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> FixedSpread.parseRates(List.of("a=b=1")));
        assertEquals("reactor.pairs entry 'a=b=1' is not 'assetIn>assetOut=rate'", e.getMessage());
    }

    private static ObjectNode demand(String in, String out, String amount) {
        return Demands.demand(in, out, "EXACT_IN", amount);
    }
}
