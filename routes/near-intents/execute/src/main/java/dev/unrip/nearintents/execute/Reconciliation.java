package dev.unrip.nearintents.execute;

import dev.unrip.mapping.execute.ExecutionState;
import java.time.Instant;
import java.util.Optional;

/**
 * What reconciliation makes of an execution whose owner died mid-way (EXECUTING past its lease) or
 * that is IN_DOUBT, given what the venue says about its nonce: pure, never a re-send.
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

    /**
     * Accepted by the venue (nonce used): SUCCEEDED. Not accepted and past its deadline (strictly),
     * or a paper execution (nothing ever left): FAILED. Otherwise, or when the venue cannot be
     * asked: IN_DOUBT.
     *
     * @param used whether the venue saw the nonce used; empty when it cannot be asked
     */
    public static Verdict verdict(String mode, Optional<Boolean> used, Instant now, Instant expiresAt) {
        if (used.isPresent() && used.get()) {
            return new Verdict(ExecutionState.SUCCEEDED, "reconciled: the venue accepted the quote (nonce used)");
        }
        if (used.isPresent() && (now.isAfter(expiresAt) || "paper".equals(mode))) {
            return new Verdict(
                    ExecutionState.FAILED,
                    "reconciled: the executor died mid-execution and the venue never accepted the quote");
        }
        return new Verdict(
                ExecutionState.IN_DOUBT, used.isEmpty() ? "venue cannot be asked" : "venue has not seen it yet");
    }

    /** An IN_DOUBT row that would stay IN_DOUBT is left as it is: nothing new to record or publish. */
    public static boolean unchanged(ExecutionState from, Verdict verdict) {
        return verdict.status() == ExecutionState.IN_DOUBT && from == ExecutionState.IN_DOUBT;
    }
}
