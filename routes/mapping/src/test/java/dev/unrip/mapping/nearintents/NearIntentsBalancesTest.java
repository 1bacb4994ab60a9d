package dev.unrip.mapping.nearintents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unrip.contracts.EventIds;
import dev.unrip.contracts.NearIntentsHeaders;
import dev.unrip.mapping.Mapped;
import dev.unrip.mapping.RawEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One balance answer, one event per token id; every bad answer refused whole, naming the field. */
class NearIntentsBalancesTest {

    private static final String ACCOUNT = "solver.unrip.near";
    private static final String TOKENS = "[\"nep141:wrap.near\",\"nep141:usdt.tether-token.near\"]";
    private static final String U128_MAX = "340282366920938463463374607431768211455";

    @Test
    void anAnswerGivesOneEventPerTokenInTheOrderAskedKeyedByAccountAndAsset() throws Exception {
        byte[] answer = answer("[\"" + U128_MAX + "\",\"0\"]");
        RawEnvelope raw = raw(answer);
        List<Mapped> events = NearIntentsBalances.balances(answer, raw, query(ACCOUNT, TOKENS));
        assertEquals(2, events.size());
        Mapped wrap = events.get(0);
        assertEquals("solver.unrip.near/nep141:wrap.near", wrap.key());
        assertEquals(U128_MAX, wrap.event().path("payload").path("amount").asText(), "a u128, kept as text");
        assertEquals(
                150000123L, wrap.event().path("payload").path("block_height").asLong());
        assertEquals("8vs9", wrap.event().path("payload").path("block_hash").asText());
        assertEquals(
                EventIds.normalizedEventId("norm.balance.v1", raw.id(), wrap.key()),
                wrap.event().path("event_id").asText());
        assertEquals(raw.id(), wrap.event().path("causation_id").asText());
        assertEquals(raw.ingestedAt(), wrap.event().path("occurred_at").asText(), "occurred_at is ingested_at");
        assertEquals(wrap.event().path("event_id").asText(), wrap.headers().get("ce_id"));
        assertEquals(
                "solver.unrip.near/nep141:usdt.tether-token.near", events.get(1).key());
        assertEquals("0", events.get(1).event().path("payload").path("amount").asText());
    }

    @Test
    void theSameAnswerGivesTheSameEventsByteForByte() throws Exception {
        byte[] answer = answer("[\"100\",\"0\"]");
        List<String> first = NearIntentsBalances.balances(answer, raw(answer), query(ACCOUNT, TOKENS)).stream()
                .map(Mapped::json)
                .toList();
        List<String> again = NearIntentsBalances.balances(answer.clone(), raw(answer), query(ACCOUNT, TOKENS)).stream()
                .map(Mapped::json)
                .toList();
        assertEquals(first, again);
    }

    @Test
    void badReturnValuesAreRefusedNamingTheField() {
        assertRefused(
                bytes(new byte[] {'[', '"', (byte) 0xC3, '"', ']'}),
                TOKENS,
                "result.result: the return value's bytes are not UTF-8");
        assertRefused(answer("[\"100\",\"0\""), TOKENS, "result.result: the return value is not JSON");
        assertRefused(answer("[\"100\",\"0\"] x"), TOKENS, "result.result: the return value is not JSON");
        assertRefused(answer("{\"wrap\":\"100\"}"), TOKENS, "result.result: the return value is not a JSON array");
        assertRefused(answer("[\"100\"]"), TOKENS, "result.result: 1 amounts for the 2 token ids of near_token_ids");
        assertRefused(answer("[\"100\",\"0\",\"5\"]"), TOKENS, "result.result: 3 amounts for the 2 token ids");
        assertRefused(answer("[100,\"0\"]"), TOKENS, "result.result[0]: 100 is not an amount string");
        assertRefused(answer("[\"100\",\"1.5\"]"), TOKENS, "result.result[1]: '1.5' is not an amount");
        assertRefused(answer("[\"100\",\"-1\"]"), TOKENS, "result.result[1]: '-1' is not an amount");
        assertRefused(answer("[\"007\",\"0\"]"), TOKENS, "result.result[0]: '007' is not an amount");
        assertRefused(answer("[\"100\",null]"), TOKENS, "result.result[1]: null is not an amount string");
    }

    @Test
    void badQueryHeadersAreRefusedNamingTheHeader() {
        byte[] answer = answer("[\"100\",\"0\"]");
        Map<String, Object> headers = headers(answer, TOKENS);
        headers.remove(NearIntentsHeaders.ACCOUNT_ID);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BalanceQuery.of(headers::get));
        assertEquals("raw balance record has no 'near_account_id' header", e.getMessage());
        for (String[] bad : new String[][] {
            {"nep141:wrap.near", "header 'near_token_ids': not JSON"},
            {"[]", "header 'near_token_ids': must be a non-empty JSON array"},
            {"[\"nep141:wrap.near\",7]", "near_token_ids[1]: a token id must be a non-empty string"},
            {"[\"nep141:wrap.near\",\"nep141:wrap.near\"]", "near_token_ids[1]: 'nep141:wrap.near' is asked about twice"
            },
            {"[\"nep245:a|b\"]", "near_token_ids[0]: 'nep245:a|b' holds '|'"},
            {"[\"nep141:a\\u0000\"]", "near_token_ids[0]: holds the control character U+0000"},
        }) {
            IllegalArgumentException refused = assertThrows(
                    IllegalArgumentException.class, () -> BalanceQuery.of(headers(answer, bad[0])::get), bad[0]);
            assertTrue(refused.getMessage().startsWith(bad[1]), bad[0] + ": " + refused.getMessage());
        }
    }

    @Test
    void headerBytesThatAreNotUtf8AreRefusedNotReplaced() {
        Map<String, Object> headers = headers(answer("[\"1\"]"), "[\"nep141:wrap.near\"]");
        headers.put(NearIntentsHeaders.ACCOUNT_ID, new byte[] {'a', (byte) 0xC3});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BalanceQuery.of(headers::get));
        assertTrue(e.getMessage().startsWith("header 'near_account_id': not valid UTF-8"), e.getMessage());
    }

    private static void assertRefused(byte[] answer, String tokens, String reason) {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> NearIntentsBalances.balances(answer, raw(answer), query(ACCOUNT, tokens)));
        assertTrue(e.getMessage().startsWith(reason), reason + " / " + e.getMessage());
    }

    private static BalanceQuery query(String account, String tokens) {
        Map<String, Object> h = new HashMap<>();
        h.put(NearIntentsHeaders.ACCOUNT_ID, account.getBytes(StandardCharsets.UTF_8));
        h.put(NearIntentsHeaders.TOKEN_IDS, tokens.getBytes(StandardCharsets.UTF_8));
        return BalanceQuery.of(h::get);
    }

    private static Map<String, Object> headers(byte[] answer, String tokens) {
        Map<String, Object> h = new HashMap<>();
        h.put(NearIntentsHeaders.ACCOUNT_ID, ACCOUNT.getBytes(StandardCharsets.UTF_8));
        h.put(NearIntentsHeaders.TOKEN_IDS, tokens.getBytes(StandardCharsets.UTF_8));
        return h;
    }

    private static RawEnvelope raw(byte[] answer) {
        return new RawEnvelope(
                EventIds.rawEventId("near-intents", "balance", answer),
                "2026-11-25T10:00:10.000Z",
                "2026-11-25T10:00:10.001Z");
    }

    /** An RPC answer whose return value is this JSON text. */
    private static byte[] answer(String returnValue) {
        return bytes(returnValue.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(byte[] returnValue) {
        StringBuilder array = new StringBuilder();
        for (byte b : returnValue) {
            array.append(array.length() == 0 ? "" : ",").append(b & 0xff);
        }
        return ("{\"jsonrpc\":\"2.0\",\"id\":\"unrip-17\",\"result\":{\"result\":[" + array
                        + "],\"logs\":[],\"block_height\":150000123,\"block_hash\":\"8vs9\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
