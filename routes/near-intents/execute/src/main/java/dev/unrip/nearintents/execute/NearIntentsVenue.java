package dev.unrip.nearintents.execute;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unrip.mapping.execute.ExecutionState;
import dev.unrip.nearintents.chain.RpcError;
import dev.unrip.nearintents.protocol.QuoteResponse;
import dev.unrip.nearintents.protocol.SolverKey;
import dev.unrip.nearintents.protocol.VersionedNonce;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The executor's side of NEAR Intents: signs a command's quote response (NEP-413, its nonce derived
 * from the command's idempotency key and the contract's current salt, {@link SigningGate}), sends it
 * over the relay (live) or only records it (paper), and asks the chain whether a nonce was used
 * (reconciliation: is_nonce_used on the intents contract).
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

    /** The relay's code for an answer that came after it stopped collecting answers for the quote. */
    static final int QUOTE_WINDOW_CLOSED = -32098;

    private static final Logger LOG = Logger.getLogger(NearIntentsVenue.class);
    private static final Outcome RECORDED = new Outcome(ExecutionState.SUCCEEDED, null, null, null);

    @Inject
    RelayClient relay;

    @Inject
    ExecutorConfig config;

    @Inject
    NearConfig near;

    @Inject
    SigningGate gate;

    @Inject
    Chain chain;

    private SolverKey key;

    /**
     * Loads the signing key (live: NEAR_SIGNER_KEY, required; paper: a throwaway), then reads the
     * chain (SigningGate), when the bean is made: on first use, which may come before the
     * application's StartupEvent (Camel's consumers start first), so no command meets a venue
     * without its key.
     */
    @PostConstruct
    void load() {
        if ("live".equals(config.mode())) {
            key = SolverKey.fromNearSecretKey(near.signer()
                    .key()
                    .filter(k -> !k.isBlank())
                    .orElseThrow(() -> new IllegalStateException("live mode needs the solver key in NEAR_SIGNER_KEY")));
        } else {
            key = SolverKey.generateThrowaway();
        }
        gate.start(key.publicKey());
    }

    /** The signing key's public half (the key is loaded when the bean is made). */
    public String signer() {
        return key.publicKey();
    }

    /**
     * The command's quote response, built and signed; the venue-side idempotency key is its nonce.
     *
     * @throws SigningGate.NotSignable when live mode has no verified salt or key: nothing is signed
     */
    public Quote sign(JsonNode payload) throws SigningGate.NotSignable {
        JsonNode action = payload.path("action");
        Instant quoteDeadline = Instant.parse(action.path("quote_deadline").asText());
        // The nonce ends with the command's idempotency key.
        byte[] nonce = VersionedNonce.derive(payload.path("idempotency_key").asText(), gate.salt(), quoteDeadline);
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
        return () -> {
            Outcome o = outcome(call.await());
            if ("INVALID_SALT".equals(o.errorCode())) {
                gate.refusedSalt(Base64.getDecoder().decode(quote.nonce()));
            }
            return o;
        };
    }

    /**
     * The relay's answer as an outcome: no answer in time means it may have been used (IN_DOUBT),
     * never re-sent. A refusal gets the code of its cause: INVALID_SALT (the nonce's salt is not
     * the contract's; the salt is read again), QUOTE_WINDOW_CLOSED (-32098: our answer came after
     * the relay stopped collecting answers), VENUE_ERROR otherwise.
     */
    static Outcome outcome(RelayClient.Answer answer) {
        if (!answer.answered()) {
            return new Outcome(ExecutionState.IN_DOUBT, "LOST_AFTER_SEND", answer.error(), null);
        }
        Instant answeredAt = Instant.now();
        if (answer.ok()) {
            return new Outcome(ExecutionState.SUCCEEDED, null, null, answeredAt);
        }
        String code = answer.code() != null && answer.code() == QUOTE_WINDOW_CLOSED
                ? "QUOTE_WINDOW_CLOSED"
                : answer.error() != null && answer.error().toLowerCase().contains("invalid salt")
                        ? "INVALID_SALT"
                        : "VENUE_ERROR";
        String reason = answer.code() == null ? answer.error() : answer.code() + " " + answer.error();
        return new Outcome(ExecutionState.REJECTED, code, reason, answeredAt);
    }

    /**
     * Whether an intent carrying this nonce has executed on chain (is_nonce_used: settled, not
     * merely accepted by the relay); empty when the chain cannot be asked.
     */
    public Optional<Boolean> nonceUsed(String nonceB64) {
        if (chain.contract().isEmpty() || nonceB64 == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(chain.contract().get().isNonceUsed(near.solver().accountId(), nonceB64));
        } catch (RpcError e) {
            LOG.warnf("cannot ask the chain about nonce %s: %s", nonceB64, e.getMessage());
            return Optional.empty();
        }
    }
}
