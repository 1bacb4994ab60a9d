package dev.unrip.mapping.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unrip.mapping.execute.BatchPlan.Command;
import dev.unrip.mapping.execute.BatchPlan.Decision;
import dev.unrip.mapping.execute.BatchPlan.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The batch plan on its own: no database, no broker, no Camel; one clock reading per batch. */
class BatchPlanTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00.000Z");
    private static final Instant LATER = NOW.plusSeconds(30);

    /** A command the table had never seen, in time, 100 out against a limit of 1000. */
    private static Command fresh(String id) {
        return new Command(id, LATER, "100", "1000", false, true, ExecutionState.RECEIVED, false, "s1");
    }

    private static Command expiringAt(String id, Instant expiresAt) {
        return new Command(id, expiresAt, "100", "1000", false, true, ExecutionState.RECEIVED, false, "s1");
    }

    private static Command amounts(String id, String amountOut, String maxAmountOut) {
        return new Command(id, LATER, amountOut, maxAmountOut, false, true, ExecutionState.RECEIVED, false, "s1");
    }

    /** A redelivery: the idempotent repository and the table both knew it, in the given state. */
    private static Command known(String id, Instant expiresAt, ExecutionState state, boolean decided) {
        return new Command(id, expiresAt, "100", "1000", true, false, state, decided, "s1");
    }

    private static Decision only(Command command) {
        List<Decision> plan = BatchPlan.plan(List.of(command), NOW);
        assertEquals(1, plan.size());
        return plan.get(0);
    }

    @Test
    void aFreshCommandInTimeAndWithinItsLimitIsClaimed() {
        Decision d = only(fresh("a"));
        assertEquals(Step.CLAIM, d.step());
        assertFalse(d.duplicate());
        assertNull(d.ends());
        assertNull(d.errorCode());
        assertEquals(-1, d.first());
    }

    @Test
    void aDeadlineExactlyNowIsStillInTime() {
        assertEquals(Step.CLAIM, only(expiringAt("a", NOW)).step());
    }

    @Test
    void aDeadlineOneMillisecondAgoEndsExpiredWithTheDeadlineInTheReason() {
        Instant deadline = NOW.minusMillis(1);
        Decision d = only(expiringAt("a", deadline));
        assertEquals(Step.EXPIRE, d.step());
        assertEquals(ExecutionState.EXPIRED, d.ends());
        assertEquals("DEADLINE_PASSED", d.errorCode());
        assertEquals("command past its expiry " + deadline, d.resultReason());
        assertEquals("command past its expiry; not executed", d.storedReason());
    }

    @Test
    void anAmountEqualToTheLimitIsClaimed() {
        assertEquals(Step.CLAIM, only(amounts("a", "1000", "1000")).step());
    }

    @Test
    void anAmountOneAboveTheLimitIsRejectedWithTheLimitInTheReason() {
        Decision d = only(amounts("a", "1001", "1000"));
        assertEquals(Step.REJECT, d.step());
        assertEquals(ExecutionState.REJECTED, d.ends());
        assertEquals("LIMIT_EXCEEDED", d.errorCode());
        assertEquals("amount_out above limits.max_amount_out 1000", d.resultReason());
        assertEquals("amount_out above the limit", d.storedReason());
    }

    @Test
    void amountsAreComparedExactlyBeyondLongAndDoublePrecision() {
        // 27 digits (yoctoNEAR scale): equal as doubles, one unit apart as decimals.
        assertEquals(
                Step.REJECT,
                only(amounts("a", "100000000000000000000000001", "100000000000000000000000000"))
                        .step());
        assertEquals(
                Step.CLAIM,
                only(amounts("b", "99999999999999999999999999", "100000000000000000000000000"))
                        .step());
    }

    @Test
    void aZeroLimitRejectsEveryAmount() {
        assertEquals(Step.REJECT, only(amounts("a", "1", "0")).step());
    }

    @Test
    void anExpiredCommandOverItsLimitEndsExpiredNotRejected() {
        Command both = new Command(
                "a", NOW.minusSeconds(1), "5000", "1000", false, true, ExecutionState.RECEIVED, false, "s1");
        assertEquals(Step.EXPIRE, only(both).step());
    }

    @Test
    void aDecidedCommandIsRepublishedEvenPastItsDeadline() {
        Decision d = only(known("a", NOW.minusSeconds(60), ExecutionState.SUCCEEDED, true));
        assertEquals(Step.REPUBLISH, d.step());
        assertTrue(d.duplicate());
        assertNull(d.ends());
    }

    @Test
    void aCommandExecutingUnderAnotherOwnerIsLeftToItsOwner() {
        Decision d = only(known("a", LATER, ExecutionState.EXECUTING, false));
        assertEquals(Step.LEAVE, d.step());
        assertTrue(d.duplicate());
    }

    @Test
    void aRedeliveredCommandStillReceivedGoesOnLikeAFreshOne() {
        // A previous delivery recorded it and stopped before claiming it: nothing was sent.
        assertEquals(
                Step.CLAIM,
                only(known("a", LATER, ExecutionState.RECEIVED, false)).step());
        assertEquals(
                Step.EXPIRE,
                only(known("b", NOW.minusSeconds(1), ExecutionState.RECEIVED, false))
                        .step());
    }

    @Test
    void aCommandOnlyTheIdempotentRepositoryKnewCountsAsADuplicate() {
        Command seen = new Command("a", LATER, "100", "1000", true, true, ExecutionState.RECEIVED, false, "s1");
        Decision d = only(seen);
        assertTrue(d.duplicate());
        assertEquals(Step.CLAIM, d.step(), "the execution table decides, not the repository");
    }

    @Test
    void aCommandTwiceInOneBatchIsPlannedOnceAndItsCopyPointsAtTheFirst() {
        // The copy's receive found the row the first one had just written: known, RECEIVED, seen.
        Command copy = new Command("a", LATER, "100", "1000", true, false, ExecutionState.RECEIVED, false, "s1");
        List<Decision> plan = BatchPlan.plan(List.of(fresh("a"), fresh("b"), copy), NOW);
        assertEquals(
                List.of(Step.CLAIM, Step.CLAIM, Step.COPY),
                plan.stream().map(Decision::step).toList());
        assertEquals(0, plan.get(2).first());
        assertTrue(plan.get(2).duplicate());
        assertFalse(plan.get(0).duplicate());
    }

    @Test
    void aCopyFollowsItsFirstEvenWhenTheFirstEnds() {
        Command late = expiringAt("a", NOW.minusSeconds(1));
        Command copy =
                new Command("a", NOW.minusSeconds(1), "100", "1000", true, false, ExecutionState.RECEIVED, false, "s1");
        List<Decision> plan = BatchPlan.plan(List.of(late, copy, copy), NOW);
        assertEquals(
                List.of(Step.EXPIRE, Step.COPY, Step.COPY),
                plan.stream().map(Decision::step).toList());
        assertEquals(0, plan.get(1).first());
        assertEquals(0, plan.get(2).first());
        assertNull(plan.get(1).ends(), "only the first one is finished");
    }

    @Test
    void thePlanHasOneDecisionPerCommandInPollOrder() {
        List<Command> batch = List.of(amounts("c", "2000", "1000"), expiringAt("a", NOW.minusSeconds(1)), fresh("b"));
        assertEquals(
                List.of(Step.REJECT, Step.EXPIRE, Step.CLAIM),
                BatchPlan.plan(batch, NOW).stream().map(Decision::step).toList());
        assertTrue(BatchPlan.plan(List.of(), NOW).isEmpty());
    }

    /** The trading state as the executor reads it for a batch: strategy s1 halted, why. */
    private static final BatchPlan.Halts S1_HALTED =
            strategy -> strategy.equals("s1") ? Optional.of("global: maintenance") : Optional.empty();

    private static Decision onlyWhile(BatchPlan.Halts halts, Command command) {
        return BatchPlan.plan(List.of(command), NOW, halts).get(0);
    }

    @Test
    void whileHaltedAFreshCommandEndsRejectedHaltedWithTheStatesReasonAndIsNotClaimed() {
        Decision d = onlyWhile(S1_HALTED, fresh("a"));
        assertEquals(Step.REJECT, d.step());
        assertEquals(ExecutionState.REJECTED, d.ends());
        assertEquals("HALTED", d.errorCode());
        assertEquals("halted: global: maintenance", d.resultReason());
        assertEquals("halted", d.storedReason());
        assertFalse(d.duplicate());
    }

    @Test
    void aRedeliveredCommandStillReceivedIsRefusedWhileHaltedToo() {
        // Received by a delivery that stopped before its claim: nothing was sent, so it is refused.
        assertEquals(
                "HALTED",
                onlyWhile(S1_HALTED, known("a", LATER, ExecutionState.RECEIVED, false))
                        .errorCode());
    }

    @Test
    void whileHaltedWhatWasAlreadySentOrDecidedGoesOnAsBefore() {
        // Sent (EXECUTING under its owner, or IN_DOUBT): left to the owner and to reconciliation.
        assertEquals(
                Step.LEAVE,
                onlyWhile(S1_HALTED, known("a", LATER, ExecutionState.EXECUTING, false))
                        .step());
        assertEquals(
                Step.REPUBLISH,
                onlyWhile(S1_HALTED, known("b", LATER, ExecutionState.IN_DOUBT, true))
                        .step());
        // Decided (halted earlier, or succeeded): the stored result again, whatever the state is now.
        assertEquals(
                Step.REPUBLISH,
                onlyWhile(BatchPlan.Halts.NONE, known("c", LATER, ExecutionState.REJECTED, true))
                        .step());
    }

    @Test
    void aHaltAppliesToTheHaltedStrategyOnlyAndAPastDeadlineStillEndsExpired() {
        Command other = new Command("a", LATER, "100", "1000", false, true, ExecutionState.RECEIVED, false, "s2");
        assertEquals(Step.CLAIM, onlyWhile(S1_HALTED, other).step());
        assertEquals(
                Step.EXPIRE,
                onlyWhile(S1_HALTED, expiringAt("b", NOW.minusSeconds(1))).step());
        assertEquals(Step.CLAIM, onlyWhile(BatchPlan.Halts.NONE, fresh("c")).step());
        assertEquals(Step.CLAIM, only(fresh("d")).step(), "plan(batch, now) halts nothing");
    }

    @Test
    void aCopyOfAHaltedCommandFollowsItsFirst() {
        Command copy = new Command("a", LATER, "100", "1000", true, false, ExecutionState.RECEIVED, false, "s1");
        List<Decision> plan = BatchPlan.plan(List.of(fresh("a"), copy), NOW, S1_HALTED);
        assertEquals(
                List.of(Step.REJECT, Step.COPY),
                plan.stream().map(Decision::step).toList());
        assertNull(plan.get(1).ends(), "only the first one is finished");
    }

    @Test
    void locksAreTakenInCommandIdOrderAndEqualIdsKeepTheirPollOrder() {
        record Item(String id, int polled) {}
        List<Item> poll = List.of(new Item("c", 0), new Item("a", 1), new Item("b", 2), new Item("a", 3));
        List<Item> before = new ArrayList<>(poll);
        assertEquals(
                List.of(new Item("a", 1), new Item("a", 3), new Item("b", 2), new Item("c", 0)),
                BatchPlan.lockOrder(poll, Item::id));
        assertEquals(before, poll, "the batch itself keeps its poll order");
    }
}
