package dev.unrip.mapping.execute;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The parameters of the executor's state-machine statements (near-intents-execute's
 * sql/receive.sql, claim.sql and finish.sql), bound in the order each file declares: the one place
 * that knows it, for the executor and for the benchmark's plain-client executor, which run the
 * same files.
 */
public final class ExecutionRows {

    private ExecutionRows() {}

    /** A row's parameters, bound onto its statement. */
    public interface Row {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** receive.sql: the command recorded RECEIVED (or, known already, its delivery counted). */
    public record Receive(
            String commandId,
            String idempotencyKey,
            String executionKey,
            String quoteId,
            String mode,
            String command,
            Instant expiresAt)
            implements Row {

        /** From a cmd.execute_trade event: its text as received (stored as it is) and its parsed form. */
        public static Receive of(String commandJson, JsonNode command, String mode) {
            JsonNode payload = command.path("payload");
            return new Receive(
                    payload.path("command_id").asText(),
                    payload.path("idempotency_key").asText(),
                    payload.path("execution_key").asText(),
                    payload.path("action").path("quote_id").asText(),
                    mode,
                    commandJson,
                    Instant.parse(payload.path("expires_at").asText()));
        }

        @Override
        public void bind(PreparedStatement s) throws SQLException {
            s.setString(1, commandId);
            s.setString(2, idempotencyKey);
            s.setString(3, executionKey);
            s.setString(4, quoteId);
            s.setString(5, mode);
            s.setString(6, command);
            s.setTimestamp(7, Timestamp.from(expiresAt));
        }
    }

    /** claim.sql: RECEIVED → EXECUTING with a lease, committed before anything leaves for the venue. */
    public record Claim(String commandId, String owner, Instant leaseUntil, String nonce, String quoteHash)
            implements Row {

        @Override
        public void bind(PreparedStatement s) throws SQLException {
            s.setString(1, owner);
            s.setTimestamp(2, Timestamp.from(leaseUntil));
            s.setString(3, nonce);
            s.setString(4, quoteHash);
            s.setString(5, commandId);
        }
    }

    /**
     * finish.sql: {@code from} → a terminal state (or IN_DOUBT), with the result to re-publish on
     * redelivery; owner null = any owner.
     */
    public record Finish(
            String commandId,
            ExecutionState from,
            String owner,
            ExecutionState state,
            String result,
            String errorCode,
            String errorReason)
            implements Row {

        @Override
        public void bind(PreparedStatement s) throws SQLException {
            s.setString(1, state.text());
            s.setString(2, result);
            s.setString(3, errorCode);
            s.setString(4, errorReason);
            s.setString(5, commandId);
            s.setString(6, from.text());
            s.setString(7, owner);
            s.setString(8, owner);
        }
    }
}
