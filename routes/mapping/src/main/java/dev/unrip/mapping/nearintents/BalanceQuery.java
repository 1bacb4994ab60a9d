package dev.unrip.mapping.nearintents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.unrip.contracts.ExactText;
import dev.unrip.contracts.NearIntentsHeaders;
import dev.unrip.mapping.Envelope;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * What the ingest asked the NEAR RPC when it read balances (a raw balance record's headers
 * {@code near_account_id} and {@code near_token_ids}): the answer's amounts mean nothing without
 * it. Each value is kept exactly or refused naming the header.
 */
public record BalanceQuery(String accountId, List<String> tokenIds) {

    /** Strict JSON: text after the value is refused, not ignored. */
    static final ObjectReader STRICT = Envelope.json().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public BalanceQuery {
        tokenIds = List.copyOf(tokenIds);
    }

    /** From the record's headers; {@code header} gives a header's value (bytes from Kafka, or text), null when absent. */
    public static BalanceQuery of(Function<String, Object> header) {
        String account = ExactText.requireId(
                "header '" + NearIntentsHeaders.ACCOUNT_ID + "'", text(header, NearIntentsHeaders.ACCOUNT_ID));
        return new BalanceQuery(account, tokenIds(text(header, NearIntentsHeaders.TOKEN_IDS)));
    }

    private static List<String> tokenIds(String json) {
        String field = "header '" + NearIntentsHeaders.TOKEN_IDS + "'";
        JsonNode array;
        try {
            array = STRICT.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(field + ": not JSON (" + e.getOriginalMessage()
                    + "); it must be the JSON array of the token ids asked about");
        }
        if (array == null || !array.isArray() || array.isEmpty()) {
            throw new IllegalArgumentException(
                    field + ": must be a non-empty JSON array of the token ids asked about, was " + json);
        }
        List<String> ids = new ArrayList<>(array.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String where = NearIntentsHeaders.TOKEN_IDS + "[" + i + "]";
            JsonNode id = array.get(i);
            if (!id.isTextual() || id.textValue().isEmpty()) {
                throw new IllegalArgumentException(where + ": a token id must be a non-empty string, was " + id);
            }
            String token = ExactText.requireId(where, id.textValue());
            // The token id is part of each event's id and key (EventIds refuses '|' in a name part).
            if (token.indexOf('|') >= 0) {
                throw new IllegalArgumentException(where + ": '" + token + "' holds '|', which no event id can carry");
            }
            if (!seen.add(token)) {
                throw new IllegalArgumentException(where + ": '" + token
                        + "' is asked about twice; its two amounts would be one key's two events");
            }
            ids.add(token);
        }
        return ids;
    }

    private static String text(Function<String, Object> header, String name) {
        Object value = header.apply(name);
        if (value == null) {
            throw new IllegalArgumentException("raw balance record has no '" + name + "' header");
        }
        return value instanceof byte[] bytes ? ExactText.decodeHeader(name, bytes) : value.toString();
    }
}
