package dev.unrip.relaysim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QuoteGeneratorTest {

    @Test
    void theSameSeedGivesTheSameQuotesAndAnotherSeedOthers() {
        QuoteGenerator a = new QuoteGenerator(42);
        QuoteGenerator b = new QuoteGenerator(42);
        for (long i = 0; i < 50; i++) {
            assertEquals(a.quote(i).data(), b.quote(i).data());
            assertEquals(a.quote(i).quoteId(), a.quoteId(i));
        }
        assertNotEquals(a.quote(0).data(), new QuoteGenerator(43).quote(0).data());
    }

    @Test
    void anotherRunOfTheSeedSendsTheSameQuotesUnderQuoteIdsOfItsOwn() {
        QuoteGenerator first = new QuoteGenerator(42, 1);
        QuoteGenerator again = new QuoteGenerator(42, 1);
        QuoteGenerator second = new QuoteGenerator(42, 2);
        Set<String> ids = new HashSet<>();
        for (long i = 0; i < 500; i++) {
            assertEquals(first.quote(i).data(), again.quote(i).data());
            assertEquals(first.quote(i).quoteId(), first.quoteId(i));
            var one = first.quote(i).data().deepCopy();
            var two = second.quote(i).data().deepCopy();
            assertNotEquals(one.path("quote_id"), two.path("quote_id"));
            assertTrue(ids.add(one.path("quote_id").asText())
                    && ids.add(two.path("quote_id").asText()));
            one.remove("quote_id");
            two.remove("quote_id");
            assertEquals(one, two, "only the quote_id differs between runs");
            assertEquals(4, java.util.UUID.fromString(first.quoteId(i)).version());
        }
    }

    @Test
    void quotesLookLikeTheRelaysAcrossTheirVariety() {
        QuoteGenerator generator = new QuoteGenerator(7);
        Set<String> ids = new HashSet<>();
        Set<String> assets = new HashSet<>();
        int exactIn = 0;
        int deadlineAsString = 0;
        int withExtras = 0;
        int beyond64Bits = 0;
        for (long i = 0; i < 2000; i++) {
            JsonNode data = generator.quote(i).data();
            assertTrue(ids.add(data.path("quote_id").asText()), "quote ids are unique");
            assertTrue(data.has("exact_amount_in") ^ data.has("exact_amount_out"));
            String amount = data.has("exact_amount_in")
                    ? data.path("exact_amount_in").asText()
                    : data.path("exact_amount_out").asText();
            assertTrue(amount.matches("[1-9][0-9]*"), amount);
            exactIn += data.has("exact_amount_in") ? 1 : 0;
            deadlineAsString += data.path("min_deadline_ms").isTextual() ? 1 : 0;
            withExtras += data.has("max_wait_ms") ? 1 : 0;
            beyond64Bits += new BigInteger(amount).bitLength() > 63 ? 1 : 0;
            assets.add(data.path("defuse_asset_identifier_in").asText());
            assets.add(data.path("defuse_asset_identifier_out").asText());
        }
        assertEquals(5, assets.size(), assets.toString());
        assertTrue(assets.stream().anyMatch(a -> a.startsWith("nep245:")));
        assertTrue(exactIn > 1300 && exactIn < 1700, "exact in " + exactIn);
        assertTrue(deadlineAsString > 100, "min_deadline_ms as a string " + deadlineAsString);
        assertTrue(withExtras > 400, "with undocumented fields " + withExtras);
        assertTrue(beyond64Bits > 200, "24-decimal amounts beyond 64 bits " + beyond64Bits);
    }
}
