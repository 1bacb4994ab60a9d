package dev.unrip.routes.testing;

import dev.unrip.localstack.PostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * A real PostgreSQL 17 server (the local stack's {@link PostgresServer}) for a route group's tests;
 * the application under test gets its datasource URL and credentials. Use with
 * {@code @QuarkusTestResource(PostgresResource.class)}.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private static volatile PostgresServer running;
    private PostgresServer server;

    /** A connection of the application's role, for the test's own queries. */
    public static Connection connect() throws SQLException {
        PostgresServer s = running;
        if (s == null) {
            throw new IllegalStateException(
                    "PostgreSQL is not started: annotate the test with @QuarkusTestResource(PostgresResource.class)");
        }
        return DriverManager.getConnection(s.jdbcUrl(), s.user(), s.password());
    }

    /** Column 1 of the first row {@code sql} finds, its one {@code ?} bound to {@code key}; null for no row. */
    public static <T> T value(String sql, String key, Class<T> type) throws SQLException {
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getObject(1, type) : null;
            }
        }
    }

    @Override
    public Map<String, String> start() {
        server = new PostgresServer(TestServers.config("postgres"));
        server.start();
        running = server;
        return Map.of(
                "quarkus.datasource.jdbc.url", server.jdbcUrl(),
                "quarkus.datasource.username", server.user(),
                "quarkus.datasource.password", server.password());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
        running = null;
    }
}
