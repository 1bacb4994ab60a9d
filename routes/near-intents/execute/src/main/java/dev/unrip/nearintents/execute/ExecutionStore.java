package dev.unrip.nearintents.execute;

import dev.unrip.mapping.execute.ExecutionRows;
import dev.unrip.mapping.execute.ExecutionRows.Claim;
import dev.unrip.mapping.execute.ExecutionRows.Finish;
import dev.unrip.mapping.execute.ExecutionRows.Receive;
import dev.unrip.mapping.execute.ExecutionState;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The execution record in PostgreSQL. Every transition is a statement conditional on the state it
 * leaves, so two executors racing for one command cannot both win. A batch of commands makes each
 * step (receive, claim, finish) one transaction: one commit, one WAL flush, for the whole batch.
 */
@ApplicationScoped
public class ExecutionStore {

    public record Execution(
            String commandId,
            ExecutionState state,
            String command,
            String result,
            String owner,
            Instant leaseUntil,
            Instant expiresAt,
            String nonce,
            String mode,
            int deliveries) {}

    /** What {@link #receive} found: a fresh command, or the state of a known one. */
    public record Received(boolean fresh, ExecutionState state, String result, String owner, int deliveries) {}

    /** Work on the transaction's connection. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** A database error inside {@link #inTransaction}: the transaction was rolled back. */
    public static class StoreException extends RuntimeException {
        StoreException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }

    @Inject
    @Named("executorTransactions")
    TransactionTemplate transactions;

    private DataSource dataSource;

    // The state machine's statements, in sql/*.sql beside the migrations (the bench's plain executor runs the same
    // files).
    static final String RECEIVE = statement("sql/receive.sql");
    static final String CLAIM = statement("sql/claim.sql");
    static final String FINISH = statement("sql/finish.sql");
    static final String STALE = statement("sql/stale.sql");

    private static String statement(String resource) {
        try (InputStream in = ExecutionStore.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @PostConstruct
    void init() {
        dataSource = IdempotencyBeans.dataSource(transactions);
    }

    /**
     * Runs the work in one transaction, committed when it returns and rolled back when it throws.
     * Camel's JDBC idempotent repository, called inside, joins it.
     */
    public <T> T inTransaction(SqlWork<T> work) {
        return transactions.execute(status -> {
            Connection c = DataSourceUtils.getConnection(dataSource);
            try {
                return work.run(c);
            } catch (SQLException e) {
                throw new StoreException(e);
            } finally {
                DataSourceUtils.releaseConnection(c, dataSource);
            }
        });
    }

    /**
     * Records the command as RECEIVED, or, when it is already known (a redelivery), counts the
     * delivery: one statement, one round trip. The returned row says which of the two happened.
     */
    public Received receive(Connection c, Receive command) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(RECEIVE)) {
            command.bind(s);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Received(
                        rs.getBoolean("inserted"),
                        ExecutionState.of(rs.getString("state")),
                        rs.getString("result"),
                        rs.getString("owner"),
                        rs.getInt("deliveries"));
            }
        }
    }

    /** The claims, sent as one JDBC batch; true where the claim won (the row was still RECEIVED). */
    public boolean[] claim(Connection c, List<Claim> claims) throws SQLException {
        return batch(c, CLAIM, claims);
    }

    /** The transitions, sent as one JDBC batch; true where the row was still in the state it leaves (and owned by owner). */
    public boolean[] finish(Connection c, List<Finish> finishes) throws SQLException {
        return batch(c, FINISH, finishes);
    }

    /** One conditional update per row, sent as one JDBC batch; true where it changed its row. */
    private static boolean[] batch(Connection c, String sql, List<? extends ExecutionRows.Row> rows)
            throws SQLException {
        boolean[] won = new boolean[rows.size()];
        if (rows.isEmpty()) {
            return won;
        }
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (ExecutionRows.Row row : rows) {
                row.bind(s);
                s.addBatch();
            }
            int[] counts = s.executeBatch();
            for (int i = 0; i < won.length; i++) {
                won[i] = counts[i] == 1;
            }
        }
        return won;
    }

    /** One transition in its own transaction (reconciliation). */
    public boolean finish(Finish finish) {
        return inTransaction(c -> finish(c, List.of(finish)))[0];
    }

    /** EXECUTING rows whose owner's lease ran out (the owner died mid-execution), and IN_DOUBT rows. */
    public List<Execution> stale(int limit) {
        return inTransaction(c -> {
            List<Execution> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(STALE)) {
                s.setInt(1, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row(rs));
                    }
                }
            }
            return rows;
        });
    }

    private static Execution row(ResultSet rs) throws SQLException {
        Timestamp lease = rs.getTimestamp("lease_until");
        return new Execution(
                rs.getString("command_id"),
                ExecutionState.of(rs.getString("state")),
                rs.getString("command"),
                rs.getString("result"),
                rs.getString("owner"),
                lease == null ? null : lease.toInstant(),
                rs.getTimestamp("expires_at").toInstant(),
                rs.getString("nonce"),
                rs.getString("mode"),
                rs.getInt("deliveries"));
    }
}
