package dev.unrip.nearintents.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unrip.contracts.EventTime;
import dev.unrip.contracts.NearIntentsHeaders;
import dev.unrip.nearintents.chain.IntentsContract;
import dev.unrip.nearintents.chain.NearRpc;
import dev.unrip.nearintents.chain.RpcError;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.ProducerTemplate;
import org.jboss.logging.Logger;

/**
 * The solver's balances, read from the chain like market data from the relay (route
 * pollNearBalances): mt_batch_balance_of for the configured tokens every period, and sooner after
 * a quote_status frame. Each answer goes to the route ingestBalanceAnswer with its envelope headers,
 * as exact bytes: a readable one to raw.near_intents.balance, one the node could not answer (a
 * contract or handler error, a malformed answer) to the dead-letter topic with its reason. A call
 * that got no answer at all (timeout, 429, unavailable, on every endpoint) leaves nothing to keep:
 * it is counted (unrip_near_rpc_errors_total) and the next poll tries again. The request goes in
 * the headers ({@link NearIntentsHeaders}): the answer's amounts mean nothing without it.
 */
@ApplicationScoped
@Named("nearBalances")
public class NearBalances {

    /** Set on an answer that is kept as a dead letter: the reason. */
    public static final String REFUSED = "unrip_rpc_refused";

    private static final Logger LOG = Logger.getLogger(NearBalances.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Optional<IntentsContract> contract;
    private final IngestConfig.Balances config;
    private final List<String> tokens;
    private final ProducerTemplate producer;
    private volatile long lastPollMs;
    private volatile boolean settlementSeen;

    @Inject
    NearBalances(IngestConfig ingest, MeterRegistry registry, ProducerTemplate producer) {
        this.config = ingest.balances();
        this.producer = producer;
        this.tokens = Arrays.stream(config.tokens().split(","))
                .map(String::strip)
                .filter(t -> !t.isEmpty())
                .toList();
        this.contract = IntentsContract.over(
                ingest.rpc().urls(),
                Duration.ofMillis(ingest.rpc().timeoutMs()),
                ingest.rpc().finality(),
                ingest.rpc().contractId(),
                registry);
        if (contract.isEmpty()) {
            LOG.info("balances are not polled: no NEAR_RPC_URLS");
        } else {
            LOG.infof(
                    "balances of %s polled every %d ms from %s: %s",
                    config.accountId(), config.periodMs(), contract.get().rpc().endpoints(), tokens);
        }
    }

    /** A quote_status frame went by (a settlement, maybe ours): the next poll comes sooner. */
    public void settlementSeen() {
        settlementSeen = true;
    }

    /** Whether a poll is due now (the route's timer ticks faster than the period). */
    public boolean due() {
        if (contract.isEmpty()) {
            return false;
        }
        long since = System.currentTimeMillis() - lastPollMs;
        return since >= config.periodMs() || (settlementSeen && since >= config.afterSettlementMs());
    }

    /** One poll: the answer, kept or dead-lettered, handed to direct:ingestBalanceAnswer. */
    public void poll() throws Exception {
        lastPollMs = System.currentTimeMillis();
        settlementSeen = false;
        String observedAt = EventTime.now();
        Map<String, Object> headers = new HashMap<>();
        headers.put(NearIntentsHeaders.ACCOUNT_ID, config.accountId());
        headers.put(NearIntentsHeaders.TOKEN_IDS, JSON.writeValueAsString(tokens));
        byte[] answer;
        try {
            NearRpc.View view = contract.get().balancesAnswer(config.accountId(), tokens);
            answer = view.body();
            headers.put(NearIntentsHeaders.RPC_URL, view.endpoint());
        } catch (RpcError e) {
            if (e.answer() == null) {
                LOG.warnf("balances not read: %s", e.getMessage());
                return;
            }
            answer = e.answer();
            headers.put(NearIntentsHeaders.RPC_URL, e.endpoint());
            headers.put(REFUSED, "mt_batch_balance_of answer refused: " + e.getMessage());
        }
        headers.putAll(RawFrames.envelope(observedAt, EventTime.now()));
        producer.sendBodyAndHeaders("direct:ingestBalanceAnswer", answer, headers);
    }
}
