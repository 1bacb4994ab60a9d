package dev.unrip.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    private static final byte[] FRAME = "{\"jsonrpc\":\"2.0\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void sameInputGivesTheSameIdsEveryTime() {
        String raw = EventIds.rawEventId("near-intents", "quote", FRAME);
        assertEquals(raw, EventIds.rawEventId("near-intents", "quote", FRAME.clone()));
        String norm = EventIds.normalizedEventId("norm.swap_demand.v1", raw);
        assertEquals(norm, EventIds.normalizedEventId("norm.swap_demand.v1", raw));
        String cmd = EventIds.commandId("fixed-spread-v1", norm, 0);
        assertEquals(cmd, EventIds.commandId("fixed-spread-v1", norm, 0));
        assertEquals(EventIds.resultId(cmd), EventIds.resultId(cmd));
    }

    @Test
    void anyDifferenceInTheInputGivesADifferentId() {
        String raw = EventIds.rawEventId("near-intents", "quote", FRAME);
        byte[] other = "{\"jsonrpc\":\"2.0\" }".getBytes(StandardCharsets.UTF_8);
        assertNotEquals(raw, EventIds.rawEventId("near-intents", "quote", other));
        assertNotEquals(raw, EventIds.rawEventId("near-intents", "quote_status", FRAME));
        assertNotEquals(EventIds.normalizedEventId("norm.swap_demand.v1", raw), EventIds.normalizedEventId("norm.quote_status.v1", raw));
        String norm = EventIds.normalizedEventId("norm.swap_demand.v1", raw);
        assertNotEquals(EventIds.commandId("s", norm, 0), EventIds.commandId("s", norm, 1));
        assertNotEquals(EventIds.commandId("s", norm, 0), EventIds.commandId("t", norm, 0));
        assertNotEquals(EventIds.commandId("s", norm, 0), EventIds.resultId(EventIds.commandId("s", norm, 0)));
    }

    @Test
    void idsAreWellFormedUuids() {
        UUID id = UUID.fromString(EventIds.commandId("s", "e", 0));
        assertEquals(8, id.version());
        assertEquals(2, id.variant());
    }
}
