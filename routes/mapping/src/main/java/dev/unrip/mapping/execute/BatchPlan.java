package dev.unrip.mapping.execute;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What one batch of commands comes to once they are received, before anything is claimed or sent:
 * a pure function of the commands, what receiving them found, and the batch's clock reading. No
 * database, no Camel, no I/O: the executor (near-intents-execute's TradeExecutor) carries the plan out, and
 * the benchmark's plain-client executor follows the same plan.
 *
 * <p>The rules, in the order they apply to each command (poll order):
 * <ol>
 *   <li>a command the idempotent repository or the execution table knew already counts as a
 *       suppressed duplicate (whatever happens to it next);</li>
 *   <li>a command_id that came earlier in the same batch is a {@link Step#COPY}: it gets the first
 *       one's outcome, re-published;</li>
 *   <li>a known command with a stored result is {@link Step#REPUBLISH}ed; a known one without a
 *       result that is not RECEIVED (EXECUTING or IN_DOUBT under an owner) is {@link Step#LEAVE}n
 *       to that owner or to reconciliation; a known RECEIVED one (a delivery that stopped before its
 *       claim, nothing sent) goes on like a fresh one;</li>
 *   <li>past expires_at (strictly: a deadline equal to the clock is still in time) it ends
 *       {@link Step#EXPIRE}D;</li>
 *   <li>while the trading state halts its strategy on this venue ({@link Halts}, read once for the
 *       batch) it ends {@link Step#REJECT}ED, error HALTED, never sent;</li>
 *   <li>amount_out above limits.max_amount_out (absent: 0) it ends {@link Step#REJECT}ED;</li>
 *   <li>otherwise it is a {@link Step#CLAIM}: RECEIVED → EXECUTING, then to the venue.</li>
 * </ol>
 */
public final class BatchPlan {

    private BatchPlan() {}

    /** What happens to one command of the batch. */
    public enum Step {
        /** The same command_id came earlier in this batch: the copy gets the first one's outcome. */
        COPY,
        /** Already decided (a redelivery): the stored result again, so downstream sees one outcome. */
        REPUBLISH,
        /** Another executor holds it (or held it and died): its outcome comes from there or from reconciliation. */
        LEAVE,
        /** Past its deadline: RECEIVED → EXPIRED, never executed. */
        EXPIRE,
        /** Over the limit, or trading halted: RECEIVED → REJECTED, never executed. */
        REJECT,
        /** RECEIVED → EXECUTING (committed), then to the venue. */
        CLAIM
    }

    /**
     * Whether the trading state halts a strategy's commands on the executor's venue, and why: the
     * reason while halted, empty otherwise. The executor reads it once per batch.
     */
    @FunctionalInterface
    public interface Halts {
        /** Nothing halted: for a process that does not read the trading state (the benchmark's plain executor). */
        Halts NONE = strategyId -> Optional.empty();

        Optional<String> reason(String strategyId);
    }

    /** The result error code of a command refused because trading is halted. */
    public static final String HALTED = "HALTED";

    /**
     * One command as the plan sees it: what it asks for and what receiving it found.
     *
     * @param seen         the idempotent repository knew the command_id already
     * @param fresh        the execution table had no row for it (this delivery recorded it RECEIVED)
     * @param state        the row's state as found (RECEIVED when fresh)
     * @param decided      the row holds a result (a terminal state or IN_DOUBT)
     * @param amountOut    action.amount_out, a decimal string
     * @param maxAmountOut limits.max_amount_out, a decimal string ("0" when absent)
     * @param strategyId   the strategy that issued it (the trading state may halt it alone)
     */
    public record Command(
            String commandId,
            Instant expiresAt,
            String amountOut,
            String maxAmountOut,
            boolean seen,
            boolean fresh,
            ExecutionState state,
            boolean decided,
            String strategyId) {

        /**
         * A cmd.execute_trade event as the plan sees it once received: what it asks for (from the
         * event) and what receiving it found (the idempotent repository, the receive statement).
         */
        public static Command received(
                ExecutionRows.Receive row,
                JsonNode command,
                boolean seen,
                boolean fresh,
                ExecutionState state,
                boolean decided) {
            JsonNode payload = command.path("payload");
            return new Command(
                    row.commandId(),
                    row.expiresAt(),
                    payload.path("action").path("amount_out").asText(),
                    payload.path("limits").path("max_amount_out").asText("0"),
                    seen,
                    fresh,
                    state,
                    decided,
                    payload.path("strategy_id").asText());
        }
    }

    /**
     * The plan for one command.
     *
     * @param first        for a {@link Step#COPY}, the index (in the batch) of the first command with its id; else -1
     * @param duplicate    it counts as a suppressed duplicate
     * @param ends         the state an {@link Step#EXPIRE} or {@link Step#REJECT} ends in; else null
     * @param errorCode    with ends: the result's error code
     * @param resultReason with ends: the reason published in the result
     * @param storedReason with ends: the reason stored on the execution row
     */
    public record Decision(
            Step step,
            int first,
            boolean duplicate,
            ExecutionState ends,
            String errorCode,
            String resultReason,
            String storedReason) {}

    /** The decisions for the batch's commands with nothing halted ({@link Halts#NONE}). */
    public static List<Decision> plan(List<Command> batch, Instant now) {
        return plan(batch, now, Halts.NONE);
    }

    /** The decisions for the batch's commands, one each, in the same (poll) order. */
    public static List<Decision> plan(List<Command> batch, Instant now, Halts halts) {
        Map<String, Integer> firstById = new HashMap<>();
        List<Decision> plan = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Command c = batch.get(i);
            Integer first = firstById.putIfAbsent(c.commandId(), i);
            plan.add(decide(c, first, c.seen() || !c.fresh(), now, halts));
        }
        return plan;
    }

    private static Decision decide(Command c, Integer first, boolean duplicate, Instant now, Halts halts) {
        if (first != null) {
            return new Decision(Step.COPY, first, duplicate, null, null, null, null);
        }
        if (!c.fresh()) {
            if (c.decided()) {
                return new Decision(Step.REPUBLISH, -1, duplicate, null, null, null, null);
            }
            if (c.state() != ExecutionState.RECEIVED) {
                return new Decision(Step.LEAVE, -1, duplicate, null, null, null, null);
            }
        }
        BigDecimal maxOut = new BigDecimal(c.maxAmountOut());
        if (now.isAfter(c.expiresAt())) {
            return new Decision(
                    Step.EXPIRE,
                    -1,
                    duplicate,
                    ExecutionState.EXPIRED,
                    "DEADLINE_PASSED",
                    "command past its expiry " + c.expiresAt(),
                    "command past its expiry; not executed");
        }
        Optional<String> halted = halts.reason(c.strategyId());
        if (halted.isPresent()) {
            return new Decision(
                    Step.REJECT, -1, duplicate, ExecutionState.REJECTED, HALTED, "halted: " + halted.get(), "halted");
        }
        if (new BigDecimal(c.amountOut()).compareTo(maxOut) > 0) {
            return new Decision(
                    Step.REJECT,
                    -1,
                    duplicate,
                    ExecutionState.REJECTED,
                    "LIMIT_EXCEEDED",
                    "amount_out above limits.max_amount_out " + maxOut,
                    "amount_out above the limit");
        }
        return new Decision(Step.CLAIM, -1, duplicate, null, null, null, null);
    }

    /**
     * The order in which the batch takes its row locks: by command_id, so that two executors racing
     * over the same commands (a rebalance) lock in the same order; equal ids keep their poll order.
     */
    public static <T> List<T> lockOrder(List<T> batch, Function<T, String> commandId) {
        List<T> byId = new ArrayList<>(batch);
        byId.sort(Comparator.comparing(commandId));
        return byId;
    }
}
