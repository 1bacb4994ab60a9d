package dev.unrip.nearintents.execute;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The execution record in PostgreSQL. Every transition is one committed statement, conditional on
 * the state it leaves, so two executors racing for one command cannot both win.
 */
@ApplicationScoped
public class ExecutionStore {

    public record Execution(String commandId, String state, String command, String result, String owner,
                            Instant leaseUntil, Instant expiresAt, String nonce, String mode, int deliveries) {
    }

    @Inject
    DataSource dataSource;

    /**
     * Records the command as RECEIVED, or, when it is already known (a redelivery), counts the
     * delivery: one statement, one round trip. The returned row says which of the two happened.
     */
    public Received receive(String commandId, String idempotencyKey, String executionKey, String quoteId,
                            String mode, String command, Instant expiresAt) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "insert into execution as e (command_id, idempotency_key, execution_key, quote_id, mode, state, command, expires_at) "
                        + "values (?, ?, ?, ?, ?, 'RECEIVED', ?, ?) "
                        + "on conflict (command_id) do update set deliveries = e.deliveries + 1 "
                        + "returning (xmax = 0) as inserted, state, result, owner, deliveries")) {
            s.setString(1, commandId);
            s.setString(2, idempotencyKey);
            s.setString(3, executionKey);
            s.setString(4, quoteId);
            s.setString(5, mode);
            s.setString(6, command);
            s.setTimestamp(7, Timestamp.from(expiresAt));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Received(rs.getBoolean("inserted"), rs.getString("state"), rs.getString("result"),
                        rs.getString("owner"), rs.getInt("deliveries"));
            }
        }
    }

    /** What {@link #receive} found: a fresh command, or the state of a known one. */
    public record Received(boolean fresh, String state, String result, String owner, int deliveries) {
    }


    /** RECEIVED → EXECUTING with a lease, committed before anything leaves for the venue. */
    public boolean claim(String commandId, String owner, Instant leaseUntil, String nonce, String quoteHash) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "update execution set state = 'EXECUTING', owner = ?, lease_until = ?, nonce = ?, quote_hash = ?, executing_at = now() "
                        + "where command_id = ? and state = 'RECEIVED'")) {
            s.setString(1, owner);
            s.setTimestamp(2, Timestamp.from(leaseUntil));
            s.setString(3, nonce);
            s.setString(4, quoteHash);
            s.setString(5, commandId);
            return s.executeUpdate() == 1;
        }
    }

    /** RECEIVED → EXPIRED: past its expiry, never executed. */
    public boolean expire(String commandId, String result) throws SQLException {
        return finish(commandId, "RECEIVED", null, "EXPIRED", result, "DEADLINE_PASSED", "command past its expiry; not executed");
    }

    /** {@code from} → a terminal state (or IN_DOUBT) with the result to re-publish on redelivery. */
    public boolean finish(String commandId, String from, String owner, String state, String result,
                          String errorCode, String errorReason) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "update execution set state = ?, result = ?, error_code = ?, error_reason = ?, finished_at = now(), lease_until = null "
                        + "where command_id = ? and state = ? and (? is null or owner = ?)")) {
            s.setString(1, state);
            s.setString(2, result);
            s.setString(3, errorCode);
            s.setString(4, errorReason);
            s.setString(5, commandId);
            s.setString(6, from);
            s.setString(7, owner);
            s.setString(8, owner);
            return s.executeUpdate() == 1;
        }
    }

    /** EXECUTING rows whose owner's lease ran out (the owner died mid-execution), and IN_DOUBT rows. */
    public List<Execution> stale(int limit) throws SQLException {
        List<Execution> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select command_id, state, command, result, owner, lease_until, expires_at, nonce, mode, deliveries from execution "
                        + "where (state = 'EXECUTING' and lease_until < now()) or state = 'IN_DOUBT' order by received_at limit ?")) {
            s.setInt(1, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
        }
        return rows;
    }


    private static Execution row(ResultSet rs) throws SQLException {
        Timestamp lease = rs.getTimestamp("lease_until");
        return new Execution(rs.getString("command_id"), rs.getString("state"), rs.getString("command"),
                rs.getString("result"), rs.getString("owner"), lease == null ? null : lease.toInstant(),
                rs.getTimestamp("expires_at").toInstant(), rs.getString("nonce"), rs.getString("mode"), rs.getInt("deliveries"));
    }
}
