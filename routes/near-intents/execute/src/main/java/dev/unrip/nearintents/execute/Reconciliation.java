package dev.unrip.nearintents.execute;

import dev.unrip.mapping.execute.ExecutionState;
import java.time.Instant;
import java.util.Optional;

/**
 * What reconciliation makes of an execution whose owner died mid-way (EXECUTING past its lease) or
 * that is IN_DOUBT, given what the chain says about its nonce: pure, never a re-send.
 *
 * <p>What the chain can say is narrow, and the reasons say exactly which of two things was learned:
 * is_nonce_used is true once an intent carrying the nonce has executed on chain (our quote
 * settled), not when the relay accepted our quote. Whether the relay accepted it is never learned
 * here. A nonce not used by the quote's deadline can never be used (the nonce carries that deadline).
 */
public final class Reconciliation {

    private Reconciliation() {}

    /** Where a stale execution goes, and why. */
    public record Verdict(ExecutionState status, String reason) {

        /** The result's error code: none for SUCCEEDED, RECONCILED otherwise. */
        public String errorCode() {
            return status == ExecutionState.SUCCEEDED ? null : "RECONCILED";
        }
    }

    static final String SETTLED = "reconciled on chain: the nonce is used (is_nonce_used), so an intent carrying our"
            + " quote settled; learned: settled, not whether or when the relay accepted it";
    static final String NEVER_SETTLED = "reconciled on chain: the nonce was not used by the quote's deadline"
            + " (is_nonce_used), so no intent with our quote settled and none can; whether the relay accepted it"
            + " is not known";
    static final String PAPER = "reconciled: a paper execution whose executor died; nothing left for the venue";

    /**
     * Settled (nonce used): SUCCEEDED. Not used and past the quote's deadline (strictly), or a paper
     * execution (nothing ever left): FAILED. Otherwise, or when the chain cannot be asked: IN_DOUBT.
     *
     * @param used whether the nonce is used on chain; empty when the chain cannot be asked
     * @param quoteDeadline the deadline the nonce carries: after it the nonce can no longer be used
     */
    public static Verdict verdict(String mode, Optional<Boolean> used, Instant now, Instant quoteDeadline) {
        if ("paper".equals(mode)) {
            return new Verdict(ExecutionState.FAILED, PAPER);
        }
        if (used.isPresent() && used.get()) {
            return new Verdict(ExecutionState.SUCCEEDED, SETTLED);
        }
        if (used.isPresent() && now.isAfter(quoteDeadline)) {
            return new Verdict(ExecutionState.FAILED, NEVER_SETTLED);
        }
        return new Verdict(
                ExecutionState.IN_DOUBT,
                used.isEmpty()
                        ? "the chain cannot be asked (is_nonce_used)"
                        : "not settled yet: the nonce is unused and the quote's deadline has not passed");
    }

    /** An IN_DOUBT row that would stay IN_DOUBT is left as it is: nothing new to record or publish. */
    public static boolean unchanged(ExecutionState from, Verdict verdict) {
        return verdict.status() == ExecutionState.IN_DOUBT && from == ExecutionState.IN_DOUBT;
    }
}
