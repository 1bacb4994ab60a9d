package dev.unrip.nearintents.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unrip.mapping.execute.ExecutionRows.Finish;
import dev.unrip.mapping.execute.ExecutionState;
import dev.unrip.mapping.execute.TradeResults;
import dev.unrip.routes.common.AutoHalt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Reconciliation (route reconcileStaleExecutions): executions a dead executor left EXECUTING past
 * its lease, and those IN_DOUBT, are asked of the venue and decided ({@link Reconciliation}), never
 * sent again.
 */
@ApplicationScoped
@Named("staleExecutions")
public class StaleExecutions {

    private static final Logger LOG = Logger.getLogger(StaleExecutions.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ExecutionStore store;
    private final NearIntentsVenue venue;
    private final TradeResultEvents results;
    private final ExecutorMetrics metrics;
    private final AutoHalt autoHalt;

    @Inject
    StaleExecutions(
            ExecutionStore store,
            NearIntentsVenue venue,
            TradeResultEvents results,
            ExecutorMetrics metrics,
            AutoHalt autoHalt) {
        this.store = store;
        this.venue = venue;
        this.results = results;
        this.metrics = metrics;
        this.autoHalt = autoHalt;
    }

    /**
     * Executions whose owner died mid-way (EXECUTING past its lease) or that are IN_DOUBT: asked of
     * the venue (was the nonce used?), never re-sent ({@link Reconciliation}). Returns the results
     * to publish (route reconcileStaleExecutions).
     */
    public List<String> reconcile() throws Exception {
        List<String> reconciled = new ArrayList<>();
        long stillInDoubt = 0;
        for (ExecutionStore.Execution e : store.stale(100)) {
            JsonNode command = JSON.readTree(e.command());
            Optional<Boolean> used = "live".equals(e.mode()) ? venue.nonceUsed(e.nonce()) : Optional.of(false);
            Instant quoteDeadline = Instant.parse(command.path("payload")
                    .path("action")
                    .path("quote_deadline")
                    .asText());
            Reconciliation.Verdict verdict = Reconciliation.verdict(e.mode(), used, Instant.now(), quoteDeadline);
            if (Reconciliation.unchanged(e.state(), verdict)) {
                stillInDoubt++;
                continue;
            }
            ExecutionState status = verdict.status();
            String result = results.result(
                    command,
                    status,
                    Instant.now(),
                    null,
                    null,
                    verdict.errorCode(),
                    verdict.reason(),
                    new TradeResults.VenueRef(
                            command.path("payload")
                                    .path("action")
                                    .path("quote_id")
                                    .asText(),
                            null,
                            e.nonce()));
            if (store.finish(new Finish(
                    e.commandId(), e.state(), null, status, result, verdict.errorCode(), verdict.reason()))) {
                LOG.warnf(
                        "reconciled %s: %s -> %s (%s)",
                        e.commandId(), e.state().text(), status.text(), verdict.reason());
                metrics.reconciled(status);
                reconciled.add(result);
                if (status == ExecutionState.IN_DOUBT) {
                    stillInDoubt++;
                }
            }
        }
        metrics.inDoubt(stillInDoubt);
        // Too many outcomes nobody knows: trading halts (auto-halt.in-doubt) for an operator to look.
        autoHalt.inDoubt(stillInDoubt);
        return reconciled;
    }
}
