package dev.unrip.nearintents.execute;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unrip.mapping.execute.BatchPlan;
import dev.unrip.mapping.execute.BatchPlan.Decision;
import dev.unrip.mapping.execute.ExecutionRows.Claim;
import dev.unrip.mapping.execute.ExecutionRows.Finish;
import dev.unrip.mapping.execute.ExecutionState;
import dev.unrip.mapping.execute.TradeResults;
import dev.unrip.routes.common.TradingState;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.camel.Message;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.jboss.logging.Logger;

/**
 * The execution state machine (../shared/DESIGN.md "Execution safety") for one batch of commands:
 * record RECEIVED; decide ({@link BatchPlan}: expired → EXPIRED, over the limit or trading halted
 * ({@link TradingState}) → REJECTED, never executed; a known command re-published or left to its owner); claim RECEIVED → EXECUTING
 * (committed, with a lease) before anything leaves; execute ({@link NearIntentsVenue}: paper builds,
 * signs and records, live sends over the relay); record the outcome; only then is the result
 * published and the offset committed. Executions a dead executor left are reconciled with the
 * venue ({@link StaleExecutions}), never re-sent.
 */
@ApplicationScoped
@Named("tradeExecutor")
@RegisterForReflection
public class TradeExecutor {

    private static final Logger LOG = Logger.getLogger(TradeExecutor.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The result error code of a command live mode could not sign (no verified salt or key). */
    static final String NOT_SIGNED = "NOT_SIGNED";

    @Inject
    ExecutionStore store;

    @Inject
    @Named("executorIdempotentRepository")
    JdbcMessageIdRepository idempotentRepository;

    @Inject
    NearIntentsVenue venue;

    @Inject
    TradeResultEvents results;

    @Inject
    ExecutorMetrics metrics;

    @Inject
    ExecutorConfig config;

    @Inject
    TradingState tradingState;

    private final String owner = "executor-" + UUID.randomUUID();
    /** How long a batch waits for the trading state topic to be read before it is retried. */
    private static final Duration TRADING_STATE_WAIT = Duration.ofSeconds(5);

    void start(@Observes StartupEvent event) {
        String mode = config.mode();
        if (!"paper".equals(mode) && !"live".equals(mode)) {
            throw new IllegalStateException("executor.mode (EXECUTOR_MODE) must be paper or live, not '" + mode + "'");
        }
        String signer = venue.signer();
        metrics.registerAtStart();
        LOG.infof("executor %s in %s mode, signer %s", owner, mode, signer);
    }

    /**
     * The commands of one poll (validated messages) → their result events (the same messages, body
     * and headers replaced), in poll order. A command gets no result when another executor owns
     * it: its outcome comes from that owner or from reconciliation.
     *
     * <p>Three transactions per batch, whatever its size: (1) Camel's idempotent repository and
     * RECEIVED for every command; (2) the claims RECEIVED → EXECUTING, plus the commands that end
     * at once (EXPIRED, REJECTED by the limit), committed before anything leaves for the venue;
     * then the quote responses go out (live: all written, then each answer awaited); (3) the
     * outcomes. A crash between any two leaves each command in a state its redelivery or the
     * reconciler resolves without sending it twice.
     */
    public List<Message> executeBatch(List<Message> commands) throws Exception {
        // The trading state, read once for the batch, before anything of it is written: while the
        // topic is not read yet (a process just started) the batch waits, then is retried whole
        // (batchRetries); deciding on "not read" would refuse its commands for good. While halted,
        // nothing not yet sent is sent.
        TradingState.Snapshot state = tradingState.awaitRead(TRADING_STATE_WAIT);
        Instant received = Instant.now();
        List<BatchCommand> batch = new ArrayList<>(commands.size());
        for (Message in : commands) {
            batch.add(new BatchCommand(in, config.mode()));
        }
        // (1) In lock order (BatchPlan.lockOrder), so that racing executors cannot deadlock.
        long t0 = System.nanoTime();
        store.inTransaction(c -> {
            for (BatchCommand w : BatchPlan.lockOrder(batch, w -> w.commandId)) {
                w.seen = !idempotentRepository.add(w.commandId);
                w.known = store.receive(c, w.receive);
            }
            return null;
        });
        long t1 = System.nanoTime();
        metrics.receivePhase(t1 - t0);

        List<Decision> plan =
                BatchPlan.plan(batch.stream().map(BatchCommand::planned).toList(), received, state::haltedBecause);
        List<Claim> claims = new ArrayList<>();
        List<BatchCommand> claimed = new ArrayList<>();
        List<Finish> endings = new ArrayList<>();
        List<BatchCommand> ended = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            BatchCommand w = batch.get(i);
            Decision d = w.decision = plan.get(i);
            if (d.duplicate()) {
                metrics.duplicateSuppressed();
            }
            switch (d.step()) {
                case COPY -> {
                    w.first = batch.get(d.first());
                    LOG.infof("command %s came twice in one batch; the copy gets the first one's outcome", w.commandId);
                }
                // Already decided: the same outcome again, so downstream sees one outcome per command.
                case REPUBLISH -> w.result = TradeResultEvents.republished(w.known.result(), w.known.deliveries());
                // EXECUTING under a live or dead owner: its outcome comes from that owner or from reconciliation.
                case LEAVE ->
                    LOG.infof(
                            "command %s is %s with %s; not executed again",
                            w.commandId, w.known.state().text(), w.known.owner());
                case EXPIRE, REJECT -> {
                    endings.add(endUnsent(w, d.ends(), d.errorCode(), d.resultReason(), d.storedReason(), received));
                    ended.add(w);
                }
                case CLAIM -> {
                    try {
                        w.quote = venue.sign(w.payload);
                    } catch (SigningGate.NotSignable e) {
                        // Nothing verified to sign with: the command ends here, nothing leaves.
                        metrics.notSigned(e.problem().kind());
                        endings.add(endUnsent(
                                w, ExecutionState.FAILED, NOT_SIGNED, e.getMessage(), e.getMessage(), received));
                        ended.add(w);
                        continue;
                    }
                    claims.add(new Claim(
                            w.commandId,
                            owner,
                            Instant.now().plusMillis(config.leaseMs()),
                            w.quote.nonce(),
                            w.quote.quoteHash()));
                    claimed.add(w);
                }
            }
        }

        // (2) Claims and immediate endings: committed before anything is sent.
        long t2 = System.nanoTime();
        boolean[][] won = store.inTransaction(c -> new boolean[][] {store.claim(c, claims), store.finish(c, endings)});
        long t3 = System.nanoTime();
        metrics.claimPhase(t3 - t2);
        for (int i = 0; i < ended.size(); i++) {
            if (won[1][i]) {
                metrics.result(endings.get(i).state());
            } else {
                ended.get(i).result = null; // decided meanwhile by another executor, which publishes it
            }
        }
        List<BatchCommand> executing = new ArrayList<>();
        for (int i = 0; i < claimed.size(); i++) {
            if (won[0][i]) {
                executing.add(claimed.get(i));
            } else {
                LOG.infof("command %s was claimed by another executor; not executed here", claimed.get(i).commandId);
            }
        }

        // The quote responses: all sent first (paper: only recorded), then each answer awaited.
        for (BatchCommand w : executing) {
            w.sentAt = Instant.now();
            w.sending = venue.send(w.quote);
        }
        List<Finish> outcomes = new ArrayList<>(executing.size());
        for (BatchCommand w : executing) {
            NearIntentsVenue.Outcome o = w.outcome = w.sending.await();
            w.result = results.result(
                    w.command,
                    o.status(),
                    received,
                    w.sentAt,
                    o.answeredAt(),
                    o.errorCode(),
                    o.errorReason(),
                    new TradeResults.VenueRef(w.quoteId, w.quote.quoteHash(), w.quote.nonce()));
            outcomes.add(new Finish(
                    w.commandId,
                    ExecutionState.EXECUTING,
                    owner,
                    o.status(),
                    w.result,
                    o.errorCode(),
                    o.errorReason()));
        }

        long t4 = System.nanoTime();
        // Build and sign (before the claim) and send and await (after it): the venue phase.
        metrics.venuePhase((t2 - t1) + (t4 - t3));
        // (3) The outcomes.
        boolean[] recorded = store.inTransaction(c -> store.finish(c, outcomes));
        metrics.finishPhase(System.nanoTime() - t4);
        for (int i = 0; i < executing.size(); i++) {
            BatchCommand w = executing.get(i);
            if (!recorded[i]) {
                // Only reconciliation takes an EXECUTING row from its owner (lease run out): its outcome is published
                // there.
                LOG.warnf(
                        "command %s left EXECUTING under another owner (reconciled?); its outcome is not published here",
                        w.commandId);
                w.result = null;
                continue;
            }
            metrics.result(w.outcome.status());
            metrics.frameToResponse(
                    Duration.between(Instant.parse(w.command.path("observed_at").asText()), w.sentAt));
            if (w.outcome.status() == ExecutionState.IN_DOUBT) {
                metrics.inDoubt();
            }
        }

        List<Message> published = new ArrayList<>(batch.size());
        for (BatchCommand w : batch) {
            // A copy gets the first one's outcome, re-published with its own delivery count.
            String result = w.first == null
                    ? w.result
                    : (w.first.result == null
                            ? null
                            : TradeResultEvents.republished(w.first.result, w.known.deliveries()));
            if (result != null) {
                w.in.setBody(results.setHeaders(w.in, result, w.commandId));
                published.add(w.in);
            }
        }
        return published;
    }

    /**
     * A command that ends before anything leaves for the venue (expired, over the limit, halted, not
     * signable): its result, and the RECEIVED → terminal row that the claim transaction commits.
     */
    private Finish endUnsent(
            BatchCommand w,
            ExecutionState ends,
            String errorCode,
            String resultReason,
            String storedReason,
            Instant received) {
        w.result = results.result(
                w.command,
                ends,
                received,
                null,
                null,
                errorCode,
                resultReason,
                new TradeResults.VenueRef(w.quoteId, null, null));
        return new Finish(w.commandId, ExecutionState.RECEIVED, null, ends, w.result, errorCode, storedReason);
    }
}
