package dev.unrip.nearintents.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unrip.mapping.execute.ExecutionState;
import dev.unrip.nearintents.protocol.QuoteResponse;
import dev.unrip.nearintents.protocol.SolverKey;
import dev.unrip.nearintents.protocol.VersionedNonce;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The executor's side of NEAR Intents: signs a command's quote response (NEP-413, its nonce derived
 * from the command's idempotency key, so the venue itself refuses a second use), sends it over the
 * relay (live) or only records it (paper), and asks the venue whether a nonce was used
 * (reconciliation, over executor.reconcile-url).
 */
@ApplicationScoped
public class NearIntentsVenue {

    /** A signed quote response, ready to send; nonce in base64, as recorded and published. */
    public record Quote(long rpcId, String request, String quoteHash, String nonce) {}

    /** What came of a sent quote response; answeredAt null when the venue never answered (or paper mode). */
    public record Outcome(ExecutionState status, String errorCode, String errorReason, Instant answeredAt) {}

    /** A quote response on its way; {@link #await()} waits for the venue's answer. */
    @FunctionalInterface
    public interface Sending {
        Outcome await();
    }

    private static final Logger LOG = Logger.getLogger(NearIntentsVenue.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Outcome RECORDED = new Outcome(ExecutionState.SUCCEEDED, null, null, null);

    @Inject
    RelayClient relay;

    @Inject
    ExecutorConfig config;

    @Inject
    NearConfig near;

    private SolverKey key;
    private byte[] salt;

    /** Loads the signing key (live: NEAR_SIGNER_KEY, required; paper: a throwaway) and the salt; returns the key. */
    public SolverKey start() {
        if ("live".equals(config.mode())) {
            key = SolverKey.fromNearSecretKey(near.signer()
                    .key()
                    .filter(k -> !k.isBlank())
                    .orElseThrow(() -> new IllegalStateException("live mode needs the solver key in NEAR_SIGNER_KEY")));
        } else {
            key = SolverKey.generateThrowaway();
        }
        salt = HexFormat.of().parseHex(near.nonce().saltHex());
        return key;
    }

    /** The command's quote response, built and signed; the venue-side idempotency key is its nonce. */
    public Quote sign(JsonNode payload) {
        JsonNode action = payload.path("action");
        Instant quoteDeadline = Instant.parse(action.path("quote_deadline").asText());
        // The nonce ends with the command's idempotency key.
        byte[] nonce = VersionedNonce.derive(payload.path("idempotency_key").asText(), salt, quoteDeadline);
        long rpcId = relay.nextId();
        String request = QuoteResponse.request(
                rpcId,
                action.path("quote_id").asText(),
                action.path("asset_in").asText(),
                action.path("asset_out").asText(),
                action.path("amount_in").asText(),
                action.path("amount_out").asText(),
                "EXACT_IN".equals(action.path("side").asText()),
                near.solver().accountId(),
                quoteDeadline,
                nonce,
                key);
        return new Quote(
                rpcId,
                request,
                QuoteResponse.quoteHash(request),
                Base64.getEncoder().encodeToString(nonce));
    }

    /**
     * Paper mode: the signed quote is the outcome (SUCCEEDED, recorded by its hash). Live: written to
     * the relay now, its answer awaited later, so a batch's answer windows run side by side.
     */
    public Sending send(Quote quote) {
        if ("paper".equals(config.mode())) {
            return () -> RECORDED;
        }
        RelayClient.Call call;
        try {
            call = relay.send(quote.rpcId(), quote.request());
        } catch (RelayClient.NotSentException e) {
            Outcome notSent = new Outcome(ExecutionState.FAILED, "NOT_SENT", e.getMessage(), null);
            return () -> notSent;
        }
        return () -> outcome(call.await());
    }

    /** The relay's answer as an outcome: no answer in time means it may have been used (IN_DOUBT), never re-sent. */
    static Outcome outcome(RelayClient.Answer answer) {
        if (!answer.answered()) {
            return new Outcome(ExecutionState.IN_DOUBT, "LOST_AFTER_SEND", answer.error(), null);
        }
        Instant answeredAt = Instant.now();
        if (answer.ok()) {
            return new Outcome(ExecutionState.SUCCEEDED, null, null, answeredAt);
        }
        return new Outcome(ExecutionState.REJECTED, "VENUE_ERROR", answer.error(), answeredAt);
    }

    /** Whether the venue saw the nonce used with an OK outcome; empty when it cannot be asked. */
    public Optional<Boolean> nonceUsed(String nonceB64) {
        if (config.reconcileUrl().isEmpty() || nonceB64 == null) {
            return Optional.empty();
        }
        String hex = HexFormat.of().formatHex(Base64.getDecoder().decode(nonceB64));
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(
                                    URI.create(config.reconcileUrl().get().replace("{nonce_hex}", hex)))
                            .timeout(Duration.ofSeconds(3))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            return Optional.of(body.path("used").asBoolean(false)
                    && "OK".equals(body.path("outcome").asText("OK")));
        } catch (Exception ex) {
            LOG.warnf("cannot ask the venue about nonce %s: %s", nonceB64, ex.getMessage());
            return Optional.empty();
        }
    }
}
