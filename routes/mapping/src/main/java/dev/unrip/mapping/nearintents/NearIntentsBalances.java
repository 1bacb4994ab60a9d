package dev.unrip.mapping.nearintents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.contracts.EventIds;
import dev.unrip.contracts.EventTime;
import dev.unrip.contracts.ExactText;
import dev.unrip.contracts.NearIntentsHeaders;
import dev.unrip.mapping.Envelope;
import dev.unrip.mapping.Mapped;
import dev.unrip.mapping.RawEnvelope;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * NEAR Intents balances (the NEAR RPC's answer to the intents contract's
 * {@code mt_batch_balance_of}) → one {@code norm.balance.v1} per token id asked about. Pure, like
 * {@link NearIntentsMapping}: the output depends only on the raw record (the answer's bytes, its
 * envelope and its query headers), so a replay reproduces the events byte for byte.
 *
 * <p>All or nothing: an answer is either wholly mapped or refused with the field named (its
 * return value not UTF-8 JSON, not an array of amount strings, not one amount per token id), never
 * partly mapped and never changed. Amounts stay decimal strings: a u128 exceeds every Java integer
 * type but BigInteger.
 */
public final class NearIntentsBalances {

    public static final String BALANCE = "norm.balance.v1";
    private static final String RESULT = "result.result";
    /** What mt_batch_balance_of returns per token: a u128 as JSON decimal text, no sign, no leading zero. */
    private static final Pattern AMOUNT = Pattern.compile("^(0|[1-9][0-9]*)$");

    private NearIntentsBalances() {}

    /** raw.near_intents.balance (already schema-valid) → its events in the order asked, keyed {@code <account_id>/<asset>}. */
    public static List<Mapped> balances(byte[] answer, RawEnvelope raw, BalanceQuery query) throws IOException {
        JsonNode result = Envelope.json().readTree(answer).path("result");
        JsonNode amounts = returnValue(result.path("result"));
        if (amounts.size() != query.tokenIds().size()) {
            throw new IllegalArgumentException(RESULT + ": " + amounts.size() + " amounts for the "
                    + query.tokenIds().size() + " token ids of " + NearIntentsHeaders.TOKEN_IDS
                    + "; the answer is not about what was asked");
        }
        JsonNode height = result.path("block_height");
        if (!height.isIntegralNumber() || height.bigIntegerValue().signum() < 0) {
            throw new IllegalArgumentException("block_height: not a block height, was " + height);
        }
        String blockHash =
                ExactText.requireId("block_hash", result.path("block_hash").asText());
        String observedAt = EventTime.format(Instant.parse(raw.observedAt()));

        List<Mapped> events = new ArrayList<>(amounts.size());
        for (int i = 0; i < amounts.size(); i++) {
            String asset = query.tokenIds().get(i);
            String key = query.accountId() + "/" + asset;
            ObjectNode payload = Envelope.object();
            payload.put("account_id", query.accountId());
            payload.put("asset", asset);
            payload.put("amount", amount(i, amounts.get(i)));
            payload.put("block_height", height.bigIntegerValue());
            payload.put("block_hash", blockHash);
            // One raw answer, several events: each id derives from the raw id and the event's key.
            // occurred_at is the raw record's ingested_at, so that replay reproduces the bytes.
            events.add(new Mapped(
                    key,
                    Envelope.event(
                            EventIds.normalizedEventId(BALANCE, raw.id(), key),
                            BALANCE,
                            NearIntentsMapping.VENUE,
                            NearIntentsMapping.SOURCE,
                            raw.ingestedAt(),
                            observedAt,
                            raw.ingestedAt(),
                            raw.id(),
                            payload)));
        }
        return events;
    }

    /** The view call's return value: its bytes as strict UTF-8, parsed as one JSON array. */
    private static JsonNode returnValue(JsonNode bytes) {
        byte[] value = new byte[bytes.size()];
        for (int i = 0; i < value.length; i++) {
            JsonNode b = bytes.get(i);
            if (!b.canConvertToInt() || !b.isIntegralNumber() || b.intValue() < 0 || b.intValue() > 255) {
                throw new IllegalArgumentException(RESULT + "[" + i + "]: not a byte (0..255), was " + b);
            }
            value[i] = (byte) b.intValue();
        }
        String text;
        try {
            text = ExactText.decodeUtf8(value);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(RESULT + ": the return value's bytes are not UTF-8 (" + e + ")");
        }
        JsonNode parsed;
        try {
            parsed = BalanceQuery.STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    RESULT + ": the return value is not JSON (" + e.getOriginalMessage() + "): " + abbreviated(text));
        }
        if (parsed == null || !parsed.isArray()) {
            throw new IllegalArgumentException(
                    RESULT + ": the return value is not a JSON array of amounts: " + abbreviated(text));
        }
        return parsed;
    }

    private static String amount(int index, JsonNode amount) {
        String where = RESULT + "[" + index + "]";
        if (!amount.isTextual()) {
            throw new IllegalArgumentException(
                    where + ": " + amount + " is not an amount string (a u128 is JSON text)");
        }
        if (!AMOUNT.matcher(amount.textValue()).matches()) {
            throw new IllegalArgumentException(where + ": '" + ExactText.requireEncodable(where, amount.textValue())
                    + "' is not an amount (decimal digits, no sign, no leading zero)");
        }
        return amount.textValue();
    }

    private static String abbreviated(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
