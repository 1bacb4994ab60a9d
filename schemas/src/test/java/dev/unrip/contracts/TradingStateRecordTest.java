package dev.unrip.contracts;

import static dev.unrip.contracts.TradingStateRecord.State.ACTIVE;
import static dev.unrip.contracts.TradingStateRecord.State.HALTED;
import static dev.unrip.contracts.TradingStateRecord.State.REDUCING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.contracts.TradingStateRecord.Effective;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The control topic's records: built valid, read back, refused when wrong, and combined into what applies. */
class TradingStateRecordTest {

    private static final String SET_AT = "2026-12-03T10:15:00.123Z";

    private static TradingStateRecord record(String scope, TradingStateRecord.State state) {
        return new TradingStateRecord(scope, state, "because", "alice", SET_AT);
    }

    @Test
    void aBuiltRecordPassesItsSchemaAndReadsBackEqual() throws Exception {
        TradingStateRecord halted = record("venue:near-intents", HALTED);
        ObjectNode event = halted.event("unrip/trading-control");
        assertTrue(
                Contracts.schema(EventTypes.CTL_TRADING_STATE_V1)
                        .validate(event)
                        .isEmpty(),
                event.toString());
        assertEquals(SET_AT, event.path("occurred_at").asText());
        assertEquals(halted, TradingStateRecord.parse("venue:near-intents", TradingStateRecord.bytes(event)));
        Map<String, String> headers = TradingStateRecord.headers(event);
        assertEquals(event.path("event_id").asText(), headers.get(CloudEventHeaders.ID));
        assertEquals("ctl.trading_state.v1", headers.get(CloudEventHeaders.TYPE));
        assertEquals(SET_AT, headers.get(CloudEventHeaders.TIME));
    }

    @Test
    void everyValidExampleReadsUnderItsScopeAsKey() throws Exception {
        for (Path example : Contracts.examples(EventTypes.CTL_TRADING_STATE_V1, "valid-")) {
            byte[] value = Files.readAllBytes(example);
            String scope = Contracts.read(example).path("payload").path("scope").asText();
            assertEquals(scope, TradingStateRecord.parse(scope, value).scope(), example.toString());
        }
    }

    @Test
    void aRecordWhoseKeyIsNotItsScopeIsRefused() {
        byte[] value = TradingStateRecord.bytes(record("global", ACTIVE).event("unrip/local-stack"));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> TradingStateRecord.parse("venue:x", value));
        assertTrue(e.getMessage().contains("venue:x"), e.getMessage());
    }

    @Test
    void unreadableValuesAreRefusedNamingWhatIsWrong() {
        assertThrows(
                IllegalArgumentException.class,
                () -> TradingStateRecord.parse("global", "{".getBytes(StandardCharsets.UTF_8)));
        IllegalArgumentException state = assertThrows(
                IllegalArgumentException.class,
                () -> TradingStateRecord.parse(
                        "global",
                        new String(
                                        TradingStateRecord.bytes(
                                                record("global", ACTIVE).event("unrip/x")),
                                        StandardCharsets.UTF_8)
                                .replace("ACTIVE", "PAUSED")
                                .getBytes(StandardCharsets.UTF_8)));
        assertTrue(state.getMessage().contains("state"), state.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TradingStateRecord("venue:", HALTED, "x", "a", SET_AT));
        assertThrows(IllegalArgumentException.class, () -> new TradingStateRecord("global", HALTED, " ", "a", SET_AT));
        assertThrows(
                IllegalArgumentException.class,
                () -> new TradingStateRecord("global", HALTED, "x", "a", "2026-12-03T10:15:00Z"));
        assertThrows(
                IllegalArgumentException.class, () -> new TradingStateRecord("global", HALTED, "x", "a b", SET_AT));
    }

    @Test
    void withoutAGlobalRecordTradingIsHalted() {
        Effective e = TradingStateRecord.effective(Map.<String, TradingStateRecord>of()::get, "near-intents", "s1");
        assertEquals(HALTED, e.state());
        assertEquals("global", e.scope());
        assertTrue(e.reason().contains("fail closed"), e.reason());
        assertNull(e.setBy());
    }

    @Test
    void theMostRestrictiveOfGlobalVenueAndStrategyApplies() {
        Map<String, TradingStateRecord> states = new HashMap<>();
        states.put("global", record("global", ACTIVE));
        assertEquals(
                ACTIVE,
                TradingStateRecord.effective(states::get, "near-intents", "s1").state());

        states.put("strategy:s1", record("strategy:s1", REDUCING));
        Effective reducing = TradingStateRecord.effective(states::get, "near-intents", "s1");
        assertEquals(REDUCING, reducing.state());
        assertEquals("strategy:s1", reducing.scope());
        assertEquals(
                ACTIVE,
                TradingStateRecord.effective(states::get, "near-intents", "s2").state(),
                "other strategy");

        states.put("venue:near-intents", record("venue:near-intents", HALTED));
        assertEquals(
                "venue:near-intents",
                TradingStateRecord.effective(states::get, "near-intents", "s1").scope());
        assertEquals(
                REDUCING,
                TradingStateRecord.effective(states::get, "binance", "s1").state(),
                "other venue");

        states.put("global", record("global", HALTED));
        states.remove("venue:near-intents");
        Effective global = TradingStateRecord.effective(states::get, "near-intents", "s1");
        assertEquals(HALTED, global.state());
        assertEquals("global", global.scope(), "the first of equally restrictive scopes: global");
        assertEquals(
                HALTED, TradingStateRecord.effective(states::get, null, null).state());
    }

    @Test
    void statesOrderFromActiveToHalted() {
        assertEquals(HALTED, ACTIVE.and(HALTED));
        assertEquals(REDUCING, REDUCING.and(ACTIVE));
        assertEquals(2, HALTED.ordinal());
    }
}
