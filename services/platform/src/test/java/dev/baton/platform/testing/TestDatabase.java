package dev.baton.platform.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Plain JDBC on the database of the deployable under test ({@code baton.db.*}, the name narrowed per run by
 * {@link IsolatedEvents}), for tests that assert what was stored or set rows up directly. Call it from a
 * {@code @QuarkusTest}: the names come from the running application's configuration.
 */
public final class TestDatabase {

    private TestDatabase() {
    }

    /** This run's database ({@code baton.db.name}). */
    public static String name() {
        return ConfigProvider.getConfig().getValue("baton.db.name", String.class);
    }

    /** A new connection to this run's database; the caller closes it. */
    public static Connection connect() throws SQLException {
        Config config = ConfigProvider.getConfig();
        String host = config.getOptionalValue("baton.db.host", String.class).orElse("127.0.0.1");
        int port = config.getOptionalValue("baton.db.port", Integer.class).orElse(5432);
        String user = config.getOptionalValue("baton.db.user", String.class).orElse("postgres");
        String password = config.getOptionalValue("baton.db.password", String.class).orElse("");
        return DriverManager.getConnection("jdbc:postgresql://%s:%d/%s".formatted(host, port, name()), user, password);
    }

    /**
     * Runs {@code sql} with {@code args} bound in order and returns its rows, each column by label in select order;
     * a statement without a result (an UPDATE) returns no rows.
     */
    public static List<Map<String, Object>> rows(String sql, Object... args) {
        try (var c = connect(); var s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            var out = new ArrayList<Map<String, Object>>();
            if (!s.execute()) {
                return out;
            }
            try (var rs = s.getResultSet()) {
                var meta = rs.getMetaData();
                while (rs.next()) {
                    var row = new LinkedHashMap<String, Object>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.put(meta.getColumnLabel(i), rs.getObject(i));
                    }
                    out.add(row);
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The one row of {@code sql}; fails when there are none or several. */
    public static Map<String, Object> row(String sql, Object... args) {
        var rows = rows(sql, args);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row of " + sql + ", got " + rows);
        }
        return rows.getFirst();
    }

    /** The first column of the one row of {@code sql} as a long: for {@code SELECT count(*) ...}. */
    public static long count(String sql, Object... args) {
        return ((Number) row(sql, args).values().iterator().next()).longValue();
    }
}
