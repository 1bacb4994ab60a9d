package dev.unrip.nearintents.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.unrip.mapping.execute.ExecutionState;
import org.junit.jupiter.api.Test;

/** Live mode: what the relay's answer to a sent quote response makes of the execution. */
class VenueOutcomeTest {

    /** The outcome of the answer, with answeredAt present exactly when the relay answered. */
    private static void assertOutcome(
            RelayClient.Answer answer, ExecutionState status, String errorCode, String errorReason) {
        NearIntentsVenue.Outcome o = NearIntentsVenue.outcome(answer);
        assertEquals(new NearIntentsVenue.Outcome(status, errorCode, errorReason, o.answeredAt()), o);
        assertEquals(answer.answered(), o.answeredAt() != null, "answered_at is set exactly when the relay answered");
    }

    @Test
    void anOkAnswerSucceedsAndIsTimed() {
        assertOutcome(new RelayClient.Answer(true, true, null, "OK"), ExecutionState.SUCCEEDED, null, null);
    }

    @Test
    void aRefusalIsRejectedWithTheVenuesReason() {
        assertOutcome(
                new RelayClient.Answer(true, false, -32000, "deadline passed"),
                ExecutionState.REJECTED,
                "VENUE_ERROR",
                "-32000 deadline passed");
    }

    @Test
    void relayErrorsMapToResultErrorCodes() {
        assertOutcome(
                new RelayClient.Answer(true, false, -32098, "quote window closed"),
                ExecutionState.REJECTED,
                "QUOTE_WINDOW_CLOSED",
                "-32098 quote window closed");
        assertOutcome(
                new RelayClient.Answer(
                        true,
                        false,
                        -32000,
                        "invalid salt: the nonce's salt 00000000 is not a valid salt of intents.near"),
                ExecutionState.REJECTED,
                "INVALID_SALT",
                "-32000 invalid salt: the nonce's salt 00000000 is not a valid salt of intents.near");
    }

    @Test
    void noAnswerInTimeIsInDoubtNeverFailed() {
        // It may have reached the venue: reconciliation asks, nothing re-sends it.
        assertOutcome(
                new RelayClient.Answer(false, false, null, "no answer within 2500 ms"),
                ExecutionState.IN_DOUBT,
                "LOST_AFTER_SEND",
                "no answer within 2500 ms");
    }
}
