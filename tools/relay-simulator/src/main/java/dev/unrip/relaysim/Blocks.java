package dev.unrip.relaysim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unrip.nearintents.protocol.Base58;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The chain's blocks as the RPC answers name them: final heights from 150 000 000, one more a second
 * since the simulator started (mainnet makes about one a second), the final block two behind the
 * optimistic head, and a 32-byte hash per height derived from the seed. A client that checks its
 * answers come from a fresh block can tell a stale node from a live one.
 */
@ApplicationScoped
public class Blocks {

    static final long FIRST_BLOCK = 150_000_000L;
    /** The final block trails the optimistic head by this much. */
    static final long FINALITY_LAG = 2;

    @Inject
    SimulatorConfig config;

    private final long startedAt = System.currentTimeMillis();

    /** The optimistic head; the final block is {@link #FIRST_BLOCK} at the start. */
    public long head() {
        return FIRST_BLOCK + FINALITY_LAG + (System.currentTimeMillis() - startedAt) / 1000;
    }

    /** The block a query is answered at: its {@code block_id}, else the head of its {@code finality} (final by default). */
    public NearRpc.Block of(JsonNode request) {
        JsonNode params = request == null ? null : request.path("params");
        long height;
        if (params != null && params.path("block_id").isIntegralNumber()) {
            height = params.path("block_id").asLong();
        } else if (params != null && "optimistic".equals(params.path("finality").asText())) {
            height = head();
        } else {
            height = head() - FINALITY_LAG;
        }
        return new NearRpc.Block(height, hash(height));
    }

    private String hash(long height) {
        try {
            return Base58.encode(MessageDigest.getInstance("SHA-256")
                    .digest(("block|" + config.seed() + "|" + height).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
