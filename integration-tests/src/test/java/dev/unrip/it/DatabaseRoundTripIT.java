package dev.unrip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unrip.localstack.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestStack.class)
class DatabaseRoundTripIT {

    private Connection connect() throws SQLException {
        PostgresServer pg = TestStack.get().postgres();
        return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
    }

    @Test
    void committedRowIsReadBackByAnotherConnectionAndUniqueKeyHolds() throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("create table if not exists it_roundtrip (id text primary key, body text not null)");
            s.execute("delete from it_roundtrip");
            try (PreparedStatement insert = c.prepareStatement("insert into it_roundtrip(id, body) values (?, ?)")) {
                insert.setString(1, "cmd-1");
                insert.setString(2, "first");
                assertEquals(1, insert.executeUpdate());
                insert.setString(1, "cmd-1");
                insert.setString(2, "second");
                // The unique constraint is what the executor's idempotency stands on.
                assertThrows(SQLException.class, insert::executeUpdate);
            }
        }
        try (Connection other = connect();
                ResultSet rs = other.createStatement().executeQuery("select id, body from it_roundtrip")) {
            assertTrue(rs.next());
            assertEquals("cmd-1", rs.getString("id"));
            assertEquals("first", rs.getString("body"));
            assertTrue(!rs.next(), "exactly one row");
        }
    }

    @Test
    void serverIsARealPostgresql17() throws SQLException {
        try (Connection c = connect();
                ResultSet rs = c.createStatement().executeQuery("show server_version_num")) {
            assertTrue(rs.next());
            assertTrue(Integer.parseInt(rs.getString(1)) >= 170000, "server_version_num " + rs.getString(1));
        }
    }
}
