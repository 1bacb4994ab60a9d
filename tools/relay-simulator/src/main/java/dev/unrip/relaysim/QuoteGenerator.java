package dev.unrip.relaysim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Quote requests as the relay sends them, generated from (seed, sequence number) alone: the n-th
 * quote of a seed is always the same, whatever else runs. Only its quote_id also depends on the
 * run: the relay never sends one quote_id twice, and the system derives a demand's id (and so
 * its command's) from the quote_id (docs/contracts.md, "Ids"), so two starts of the simulator
 * with one seed must not send the same ids. Run 0 is the fixed run of tests and the bench. Realistic pairs and amounts (decimal
 * strings in the smallest unit, 24-decimal wNEAR ones beyond 64 bits), one of exact_amount_in /
 * exact_amount_out, min_deadline_ms sometimes as a string, and sometimes the undocumented fields
 * newer relays add.
 */
public final class QuoteGenerator {

    record Asset(String id, int decimals, double usd) {}

    record Pair(Asset in, Asset out, int weight) {}

    static final Asset WNEAR = new Asset("nep141:wrap.near", 24, 3);
    static final Asset USDT = new Asset("nep141:usdt.tether-token.near", 6, 1);
    static final Asset USDC =
            new Asset("nep141:17208628f84f5d6ad33f0da3bbbeb27ffcb398eac501a31bd6ad2011e36133a1", 6, 1);
    static final Asset ETH = new Asset("nep141:eth.omft.near", 18, 3000);
    static final Asset BNB = new Asset("nep245:v2_1.omni.hot.tg:56_11111111111111111111", 18, 600);

    /** Weighted: most requests between wNEAR, USDT and ETH (the pairs the placeholder strategy quotes), some others. */
    static final List<Pair> PAIRS = List.of(
            new Pair(WNEAR, USDT, 20),
            new Pair(USDT, WNEAR, 16),
            new Pair(ETH, USDT, 12),
            new Pair(USDT, ETH, 12),
            new Pair(WNEAR, ETH, 13),
            new Pair(ETH, WNEAR, 13),
            new Pair(USDC, USDT, 4),
            new Pair(USDT, USDC, 3),
            new Pair(USDC, WNEAR, 3),
            new Pair(BNB, USDT, 2),
            new Pair(WNEAR, BNB, 2));

    private static final int TOTAL_WEIGHT =
            PAIRS.stream().mapToInt(Pair::weight).sum();
    private static final List<String> PARTNERS = List.of("1click", "near-mobile", "example-partner");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One generated quote request: the payload ({@code data}) and the envelope's {@code metadata}. */
    public record Quote(long sequence, String quoteId, ObjectNode data, ObjectNode metadata) {}

    private final long seed;
    private final long run;

    /** The fixed run 0 of a seed: the same quote ids on every start. */
    public QuoteGenerator(long seed) {
        this(seed, 0);
    }

    /** @param run mixed into the quote ids only (the simulator's: random per start) */
    public QuoteGenerator(long seed, long run) {
        this.seed = seed;
        this.run = run;
    }

    public String quoteId(long sequence) {
        return quoteId(random(sequence), sequence);
    }

    public Quote quote(long sequence) {
        SplittableRandom random = random(sequence);
        String quoteId = quoteId(random, sequence);
        Pair pair = pair(random.nextInt(TOTAL_WEIGHT));
        boolean exactIn = random.nextInt(4) != 0;
        // log-uniform between 1 and 50 000 US dollars, 3 significant digits
        double usd = Math.exp(random.nextDouble() * Math.log(50_000));
        Asset asset = exactIn ? pair.in() : pair.out();
        String amount = new BigDecimal(usd / asset.usd(), new MathContext(3, RoundingMode.HALF_UP))
                .movePointRight(asset.decimals())
                .setScale(0, RoundingMode.HALF_UP)
                .max(BigDecimal.ONE)
                .toPlainString();

        ObjectNode data = JSON.createObjectNode();
        data.put("quote_id", quoteId);
        data.put("defuse_asset_identifier_in", pair.in().id());
        data.put("defuse_asset_identifier_out", pair.out().id());
        data.put(exactIn ? "exact_amount_in" : "exact_amount_out", amount);
        int deadlineKind = random.nextInt(20);
        if (deadlineKind < 2) {
            data.put("min_deadline_ms", "60000"); // as older documents write it
        } else {
            data.put("min_deadline_ms", deadlineKind == 2 ? 120000 : 60000);
        }
        if (random.nextInt(10) < 3) {
            data.put("min_wait_ms", 0);
            data.put("max_wait_ms", 3000);
            data.put("protocol_fee_included", random.nextBoolean());
            if (random.nextInt(3) == 0) {
                ObjectNode trusted = data.putObject("trusted_metadata");
                trusted.put("source", "1click");
                trusted.put("partner_id", PARTNERS.get(random.nextInt(PARTNERS.size())));
                trusted.put("quote_type", "main_quote");
                trusted.putObject("quote_request_data")
                        .put("dry", random.nextInt(10) == 0)
                        .put("slippageTolerance", 100);
            }
        }
        ObjectNode metadata = JSON.createObjectNode();
        metadata.put(
                "traceparent",
                "00-" + hex(random.nextLong()) + hex(random.nextLong()) + "-" + hex(random.nextLong()) + "-01");
        metadata.put("partner_id", PARTNERS.get(random.nextInt(PARTNERS.size())));
        return new Quote(sequence, quoteId, data, metadata);
    }

    private SplittableRandom random(long sequence) {
        // Distinct, well-mixed streams per (seed, sequence).
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + sequence * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL);
    }

    private static Pair pair(int ticket) {
        for (Pair pair : PAIRS) {
            ticket -= pair.weight();
            if (ticket < 0) {
                return pair;
            }
        }
        throw new IllegalStateException("weights");
    }

    /** A random-looking (version 4) UUID drawn from the stream. */
    /** A version 4 UUID from the quote's stream (its first two values), XORed with the run's own stream. */
    private String quoteId(SplittableRandom random, long sequence) {
        long msb = random.nextLong();
        long lsb = random.nextLong();
        if (run != 0) {
            SplittableRandom ofRun = new SplittableRandom(run * 0xD6E8FEB86659FD93L + sequence);
            msb ^= ofRun.nextLong();
            lsb ^= ofRun.nextLong();
        }
        msb = (msb & 0xffffffffffff0fffL) | 0x0000000000004000L;
        lsb = (lsb & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    private static String hex(long value) {
        return String.format("%016x", value);
    }
}
