package dev.baton.engine.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/** Plain JDBC on the database of the engine under test, for asserting stored rows. */
public final class Db {

    private Db() {
    }

    public static Connection connect() throws SQLException {
        String name = ConfigProvider.getConfig().getValue("baton.db.name", String.class);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + name, "postgres", "");
    }

    /** Rows of a query as column maps. */
    public static List<Map<String, Object>> rows(String sql, Object... params) throws SQLException {
        try (var c = connect(); var s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (var rs = s.executeQuery()) {
                List<Map<String, Object>> out = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    out.add(row);
                }
                return out;
            }
        }
    }
}
