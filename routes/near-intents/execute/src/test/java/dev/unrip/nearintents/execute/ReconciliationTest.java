package dev.unrip.nearintents.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unrip.mapping.execute.ExecutionState;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What reconciliation makes of a stale execution, given what the chain says: never a re-send. */
class ReconciliationTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00.000Z");

    private static ExecutionState status(String mode, Optional<Boolean> used, Instant quoteDeadline) {
        return Reconciliation.verdict(mode, used, NOW, quoteDeadline).status();
    }

    @Test
    void aUsedNonceMeansAnIntentWithOurQuoteSettledAndTheReasonSaysThatIsAllThatWasLearned() {
        assertEquals(ExecutionState.SUCCEEDED, status("live", Optional.of(true), NOW.plusSeconds(10)));
        assertEquals(ExecutionState.SUCCEEDED, status("live", Optional.of(true), NOW.minusSeconds(10)));
        String reason =
                Reconciliation.verdict("live", Optional.of(true), NOW, NOW).reason();
        assertTrue(reason.contains("settled") && reason.contains("not whether or when the relay accepted"), reason);
        String never = Reconciliation.verdict("live", Optional.of(false), NOW, NOW.minusSeconds(1))
                .reason();
        assertTrue(never.contains("no intent with our quote settled") && never.contains("is not known"), never);
    }

    @Test
    void anUnusedNonceIsInDoubtUntilTheDeadlineHasPassed() {
        assertEquals(ExecutionState.IN_DOUBT, status("live", Optional.of(false), NOW.plusSeconds(10)));
        assertEquals(
                ExecutionState.IN_DOUBT,
                status("live", Optional.of(false), NOW),
                "a deadline exactly now has not passed");
        assertEquals(ExecutionState.FAILED, status("live", Optional.of(false), NOW.minusMillis(1)));
        assertEquals(
                "not settled yet: the nonce is unused and the quote's deadline has not passed",
                Reconciliation.verdict("live", Optional.of(false), NOW, NOW).reason());
    }

    @Test
    void aPaperExecutionCaughtMidWayFailedAtOnceForNothingLeft() {
        assertEquals(ExecutionState.FAILED, status("paper", Optional.of(false), NOW.plusSeconds(10)));
    }

    @Test
    void aChainThatCannotBeAskedLeavesItInDoubtEvenPastTheDeadline() {
        Reconciliation.Verdict v = Reconciliation.verdict("live", Optional.empty(), NOW, NOW.minusSeconds(60));
        assertEquals(ExecutionState.IN_DOUBT, v.status());
        assertEquals("the chain cannot be asked (is_nonce_used)", v.reason());
    }

    @Test
    void onlyASuccessCarriesNoErrorCode() {
        assertNull(Reconciliation.verdict("live", Optional.of(true), NOW, NOW).errorCode());
        assertEquals(
                "RECONCILED",
                Reconciliation.verdict("live", Optional.of(false), NOW, NOW.minusSeconds(1))
                        .errorCode());
        assertEquals(
                "RECONCILED",
                Reconciliation.verdict("live", Optional.empty(), NOW, NOW).errorCode());
    }

    @Test
    void aRowInDoubtThatStaysInDoubtIsLeftAsItIsButAStaleClaimIsRecordedInDoubt() {
        Reconciliation.Verdict inDoubt = Reconciliation.verdict("live", Optional.empty(), NOW, NOW);
        assertTrue(Reconciliation.unchanged(ExecutionState.IN_DOUBT, inDoubt));
        assertFalse(
                Reconciliation.unchanged(ExecutionState.EXECUTING, inDoubt),
                "EXECUTING past its lease becomes IN_DOUBT");
        assertFalse(Reconciliation.unchanged(
                ExecutionState.IN_DOUBT, Reconciliation.verdict("live", Optional.of(true), NOW, NOW)));
    }
}
