package dev.unrip.mapping.nearintents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unrip.contracts.EventIds;
import dev.unrip.mapping.Mapped;
import dev.unrip.mapping.RawEnvelope;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What no schema can say, refused by the mapping with the field named (the goldens are in the normalize group). */
class NearIntentsMappingTest {

    private static final RawEnvelope RAW = new RawEnvelope(
            "56f1073e-ded2-8c81-9a36-63382ddc76c3", "2026-11-25T10:00:00.000Z", "2026-11-25T10:00:00.002Z");

    @Test
    void aSwapOfAnAssetForItselfIsRefusedNamingTheField() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> NearIntentsMapping.swapDemand(frame("q-1", "nep141:wrap.near", "nep141:wrap.near"), RAW));
        assertTrue(
                e.getMessage().startsWith("defuse_asset_identifier_out: the same asset as defuse_asset_identifier_in"),
                e.getMessage());
    }

    @Test
    void aQuoteIdWithALoneSurrogateIsRefusedNotChanged() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> NearIntentsMapping.swapDemand(
                        frame("q-\\ud800", "nep141:wrap.near", "nep141:usdt.tether-token.near"), RAW));
        assertTrue(e.getMessage().startsWith("quote_id: holds a lone UTF-16 surrogate U+D800"), e.getMessage());
    }

    @Test
    void aDemandIsKeyedByPairAndDerivesItsIdFromTheQuoteIdWhoeverObservedIt() throws Exception {
        Mapped m =
                NearIntentsMapping.swapDemand(frame("q-1", "nep141:wrap.near", "nep141:usdt.tether-token.near"), RAW);
        assertEquals("nep141:wrap.near/nep141:usdt.tether-token.near", m.key());
        assertEquals(RAW.id(), m.event().path("causation_id").asText());
        assertEquals(
                "2026-11-25T10:00:03.000Z",
                m.event().path("payload").path("answer_deadline").asText(),
                "observed + the 3 s default window");
        assertEquals(m.event().path("event_id").asText(), m.headers().get("ce_id"));
        assertEquals(
                EventIds.requestEventId(NearIntentsMapping.SWAP_DEMAND, "near-intents", "q-1"),
                m.event().path("event_id").asText());

        // A second ingest: the same quote in a frame of its own subscription, received a little later.
        byte[] other = new String(
                        frame("q-1", "nep141:wrap.near", "nep141:usdt.tether-token.near"), StandardCharsets.UTF_8)
                .replace("\"subscription\":\"s\"", "\"subscription\":\"t\"")
                .getBytes(StandardCharsets.UTF_8);
        RawEnvelope otherRaw = new RawEnvelope(
                EventIds.rawEventId("near-intents", "quote", other),
                "2026-11-25T10:00:00.004Z",
                "2026-11-25T10:00:00.005Z");
        Mapped seenTwice = NearIntentsMapping.swapDemand(other, otherRaw);
        assertEquals(m.event().path("event_id"), seenTwice.event().path("event_id"), "one demand per quote_id");
        assertEquals(otherRaw.id(), seenTwice.event().path("causation_id").asText(), "each names its own raw event");
        assertEquals(
                m.event().path("event_id").asText(),
                NearIntentsMapping.swapDemand(
                                frame("q-1", "nep141:usdt.tether-token.near", "nep141:wrap.near"), otherRaw)
                        .event()
                        .path("event_id")
                        .asText(),
                "the quote_id alone names the request, as the relay's ids are unique");
    }

    @Test
    void aQuoteIdHoldingTheIdSeparatorIsRefusedNamingTheField() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> NearIntentsMapping.swapDemand(
                        frame("q|1", "nep141:wrap.near", "nep141:usdt.tether-token.near"), RAW));
        assertTrue(e.getMessage().startsWith("quote_id: holds '|' at index 1"), e.getMessage());
    }

    private static byte[] frame(String quoteId, String in, String out) {
        return ("{\"jsonrpc\":\"2.0\",\"method\":\"event\",\"params\":{\"subscription\":\"s\",\"data\":{\"quote_id\":\""
                        + quoteId + "\","
                        + "\"defuse_asset_identifier_in\":\"" + in + "\",\"defuse_asset_identifier_out\":\"" + out
                        + "\","
                        + "\"exact_amount_in\":\"1000\",\"min_deadline_ms\":60000}}}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
