package dev.unrip.routes.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** What trade-results stored (results.trade_result), read the way its tests check it. */
public final class StoredResults {

    private StoredResults() {}

    /** {rows, deliveries} of results.trade_result for a result id; the connection is closed after. */
    public static long[] row(Connection connection, String resultId) throws SQLException {
        try (Connection c = connection;
                PreparedStatement s = c.prepareStatement(
                        "select count(*), coalesce(sum(deliveries), 0) from results.trade_result where result_id = ?")) {
            s.setString(1, resultId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }
}
