package dev.unrip.relaysim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.nearintents.protocol.Base58;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;
import org.jboss.logging.Logger;

/**
 * The user publishing an intent with an accepted quote: on chain the signer's nonce is consumed
 * (refused if that account used it already: two quotes sharing a nonce settle at most once) and
 * the balances move by the token_diff; then the relay pushes the quote_status. Happens for a
 * share (sim.settle-ratio) of accepted quotes, or on POST /control/settle/{quote_id}.
 */
@ApplicationScoped
public class Settlement {

    /** What settling one quote came to: the quote_status pushed, or why none was. */
    public record Result(ObjectNode status, boolean notAccepted, Ledger.Accepted accepted) {
        boolean nonceUsed() {
            return status == null && !notAccepted;
        }
    }

    private static final Logger LOG = Logger.getLogger(Settlement.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final SimulatorConfig config;
    private final Ledger ledger;
    private final Chain chain;
    private final RelayServer server;

    private final Random random;
    private volatile boolean stopped;

    @Inject
    Settlement(Vertx vertx, SimulatorConfig config, Ledger ledger, Chain chain, RelayServer server) {
        this.vertx = vertx;
        this.config = config;
        this.ledger = ledger;
        this.chain = chain;
        this.server = server;
        this.random = new Random(config.seed() ^ 0x5e771eL);
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
    }

    /** After an accepted quote_response: with probability sim.settle-ratio, settles it sim.settle-delay-ms later. */
    public void maybeLater(String quoteId) {
        if (config.settleRatio() > 0 && draw()) {
            vertx.setTimer(Math.max(1, config.settleDelayMs()), t -> {
                if (!stopped) {
                    settle(quoteId);
                }
            });
        }
    }

    private synchronized boolean draw() {
        return random.nextDouble() < config.settleRatio();
    }

    /** Settles an accepted quote now; pushes its quote_status unless its nonce was used on chain already. */
    public Result settle(String quoteId) {
        Ledger.Accepted accepted = ledger.accepted(quoteId).orElse(null);
        if (accepted == null) {
            return new Result(null, true, null);
        }
        if (chain.settle(accepted.signerId(), accepted.nonceHex(), accepted.diff()) != Chain.Settled.OK) {
            ledger.count("settlements_failed_nonce_used");
            LOG.debugf(
                    "quote %s not settled: %s used nonce %s already",
                    quoteId, accepted.signerId(), accepted.nonceHex());
            return new Result(null, false, accepted);
        }
        ObjectNode data = JSON.createObjectNode();
        data.put("quote_hash", accepted.quoteHash());
        data.put("intent_hash", Base58.encode(sha256("intent|" + accepted.quoteHash())));
        data.put("tx_hash", Base58.encode(sha256("tx|" + accepted.quoteHash())));
        int sent = server.push(RelayServer.QUOTE_STATUS, data, null, config.envelope());
        ledger.settled(accepted, data);
        ObjectNode out = data.deepCopy();
        out.put("quote_id", quoteId);
        out.put("sent_to", sent);
        return new Result(out, false, accepted);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
