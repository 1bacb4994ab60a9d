package dev.unrip.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    private static final byte[] FRAME =
            "{\"jsonrpc\":\"2.0\",\"method\":\"event\",\"params\":{}}".getBytes(StandardCharsets.UTF_8);
    private static final String RAW = EventIds.rawEventId("near-intents", "quote", FRAME);
    private static final String NORM = EventIds.normalizedEventId("norm.swap_demand.v1", RAW);
    private static final String COMMAND = EventIds.commandId("fixed-spread", NORM, 0);

    @Test
    void sameInputGivesTheSameId() {
        assertEquals(RAW, EventIds.rawEventId("near-intents", "quote", FRAME.clone()));
        assertEquals(NORM, EventIds.normalizedEventId("norm.swap_demand.v1", RAW));
        assertEquals(COMMAND, EventIds.commandId("fixed-spread", NORM, 0));
        assertEquals(EventIds.resultId(COMMAND), EventIds.resultId(COMMAND));
        assertEquals(EventIds.idempotencyKey(COMMAND), EventIds.idempotencyKey(COMMAND));
    }

    @Test
    void differentInputGivesADifferentId() {
        byte[] oneByteOff = FRAME.clone();
        oneByteOff[oneByteOff.length - 2] = ' ';
        List<String> ids = List.of(
                RAW,
                EventIds.rawEventId("near-intents", "quote", oneByteOff),
                EventIds.rawEventId("near-intents", "quote_status", FRAME),
                EventIds.rawEventId("other-venue", "quote", FRAME),
                NORM,
                EventIds.normalizedEventId("norm.quote_status.v1", RAW),
                EventIds.normalizedEventId(
                        "norm.swap_demand.v1", EventIds.rawEventId("near-intents", "quote", oneByteOff)),
                COMMAND,
                EventIds.commandId("fixed-spread", NORM, 1),
                EventIds.commandId("other-strategy", NORM, 0),
                EventIds.commandId("fixed-spread", EventIds.normalizedEventId("norm.quote_status.v1", RAW), 0),
                EventIds.resultId(COMMAND),
                EventIds.resultId(EventIds.commandId("fixed-spread", NORM, 1)));
        assertEquals(ids.size(), new HashSet<>(ids).size(), "ids collide: " + ids);
        assertNotEquals(
                EventIds.idempotencyKey(COMMAND), EventIds.idempotencyKey(EventIds.commandId("fixed-spread", NORM, 1)));
    }

    @Test
    void idsAreCanonicalVersion8Uuids() {
        for (String id : List.of(RAW, NORM, COMMAND, EventIds.resultId(COMMAND))) {
            assertTrue(EventIds.isCanonical(id), id);
            UUID uuid = UUID.fromString(id);
            assertEquals(8, uuid.version(), id);
            assertEquals(2, uuid.variant(), id);
        }
    }

    /**
     * Known answers, computed independently (Python, hashlib) from the rules in docs/contracts.md.
     * If this test fails, the id rules changed: replay would no longer reproduce stored ids.
     */
    @Test
    void idRulesAreFrozen() {
        String raw = EventIds.rawEventId("near-intents", "quote", "abc".getBytes(StandardCharsets.UTF_8));
        assertEquals("0294e039-6f03-8f5b-913e-5cc35eed1ced", raw);
        assertEquals(
                "88dfb2bb-125d-840e-861e-51c1c770b07a",
                EventIds.normalizedEventId("norm.swap_demand.v1", "56f1073e-ded2-8c81-9a36-63382ddc76c3"));
        // Frame 14's demand: from its quote_id, whichever frame (subscription) carried it.
        String demand =
                EventIds.requestEventId("norm.swap_demand.v1", "near-intents", "00000000-0000-0000-0000-000000000000");
        assertEquals("53229c0b-346b-8c31-8fdc-dcb562b2c979", demand);
        String command = EventIds.commandId("fixed-spread", demand, 0);
        assertEquals("d146a468-17ca-8ec9-aec1-fec750d53f51", command);
        assertEquals("1af31a36-4afa-88f8-9c0b-54d231e523fa", EventIds.resultId(command));
        assertEquals("59f1be125e19476ed34f8db81b1fa2", EventIds.idempotencyKey(command));
        assertEquals("6e3dfccc-3bc2-5840-8c45-d384e548990a", EventIds.NAMESPACE.toString());
        assertEquals(
                "76ae0b7f-9b1c-8079-8802-1758dc808960",
                EventIds.normalizedEventId(
                        "norm.balance.v1",
                        "56f1073e-ded2-8c81-9a36-63382ddc76c3",
                        "solver.unrip.near/nep141:wrap.near"));
    }

    @Test
    void theEventsOfOneRawEventDifferByTheirPartAndFromTheSingleEventId() {
        String a = EventIds.normalizedEventId("norm.balance.v1", RAW, "a.near/nep141:wrap.near");
        String b = EventIds.normalizedEventId("norm.balance.v1", RAW, "a.near/nep141:usdt.tether-token.near");
        String c = EventIds.normalizedEventId("norm.balance.v1", RAW, "b.near/nep141:wrap.near");
        assertEquals(
                4,
                Set.of(a, b, c, EventIds.normalizedEventId("norm.balance.v1", RAW))
                        .size());
        assertThrows(IllegalArgumentException.class, () -> EventIds.normalizedEventId("norm.balance.v1", RAW, "a|b"));
        assertThrows(IllegalArgumentException.class, () -> EventIds.normalizedEventId("norm.balance.v1", RAW, ""));
    }

    @Test
    void aRequestsIdDependsOnItsTypeVenueAndIdOnlyAndRefusesTheSeparator() {
        String id = EventIds.requestEventId("norm.swap_demand.v1", "near-intents", "q-1");
        assertEquals(id, EventIds.requestEventId("norm.swap_demand.v1", "near-intents", "q-1"));
        assertEquals(
                5,
                Set.of(
                                id,
                                EventIds.requestEventId("norm.swap_demand.v1", "near-intents", "q-2"),
                                EventIds.requestEventId("norm.quote_status.v1", "near-intents", "q-1"),
                                EventIds.requestEventId("norm.swap_demand.v1", "binance", "q-1"),
                                NORM)
                        .size());
        assertThrows(
                IllegalArgumentException.class,
                () -> EventIds.requestEventId("norm.swap_demand.v1", "near-intents", "q|1"));
        assertThrows(
                IllegalArgumentException.class,
                () -> EventIds.requestEventId("norm.swap_demand.v1", "near-intents", ""));
    }

    @Test
    void idempotencyKeyIsFifteenBytesInLowercaseHex() {
        String key = EventIds.idempotencyKey(COMMAND);
        assertTrue(key.matches("[0-9a-f]{30}"), key);
    }

    @Test
    void aSeparatorInsideANamePartIsRefusedBecauseItWouldMakeNamesAmbiguous() {
        assertThrows(IllegalArgumentException.class, () -> EventIds.rawEventId("near|intents", "quote", FRAME));
        assertThrows(IllegalArgumentException.class, () -> EventIds.rawEventId("near-intents", "", FRAME));
        assertThrows(IllegalArgumentException.class, () -> EventIds.commandId("a|b", NORM, 0));
        assertThrows(IllegalArgumentException.class, () -> EventIds.normalizedEventId("norm|x", RAW));
    }

    @Test
    void anIdSpelledDifferentlyIsRefusedRatherThanDerivingADifferentId() {
        assertThrows(
                IllegalArgumentException.class,
                () -> EventIds.normalizedEventId("norm.swap_demand.v1", RAW.toUpperCase()));
        assertThrows(IllegalArgumentException.class, () -> EventIds.resultId("not-a-uuid"));
        assertThrows(IllegalArgumentException.class, () -> EventIds.commandId("fixed-spread", NORM, -1));
        assertThrows(IllegalArgumentException.class, () -> EventIds.rawEventId("near-intents", "quote", null));
    }

    @Test
    void manyDistinctFramesGiveManyDistinctIds() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(EventIds.rawEventId(
                    "near-intents", "quote", ("{\"quote_id\":\"" + i + "\"}").getBytes(StandardCharsets.UTF_8)));
        }
        assertEquals(10_000, ids.size());
    }
}
