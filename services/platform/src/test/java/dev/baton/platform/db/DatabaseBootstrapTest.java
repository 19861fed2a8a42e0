package dev.baton.platform.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.DriverManager;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DatabaseBootstrapTest {

    record Config(String host, int port, String name, String user, Optional<String> password, String adminDatabase,
            boolean createIfMissing, boolean cleanAtStart) implements DatabaseConfig {
        static Config named(String name, int port) {
            return new Config("127.0.0.1", port, name, "postgres", Optional.empty(), "postgres", true, false);
        }
    }

    @Test
    void createIfMissing_newName_createsOnceThenFindsIt() throws Exception {
        String name = "platform_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try {
            assertTrue(DatabaseBootstrap.createIfMissing(Config.named(name, 5432)));
            assertFalse(DatabaseBootstrap.createIfMissing(Config.named(name, 5432)));
            assertEquals(1, countDatabases(name));
        } finally {
            try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                    var s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name);
            }
        }
    }

    @Test
    void createIfMissing_unreachableServer_namesHostAndPort() {
        var e = assertThrows(IllegalStateException.class,
                () -> DatabaseBootstrap.createIfMissing(Config.named("platform_unreachable", 1)));
        assertTrue(e.getMessage().startsWith("PostgreSQL at 127.0.0.1:1 did not let us create or find database 'platform_unreachable'"),
                e.getMessage());
    }

    @Test
    void requireSafeName_sqlInjection_isRejectedWithRule() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> DatabaseBootstrap.requireSafeName("x; DROP DATABASE postgres"));
        assertEquals("baton.db.name must be a lower-case SQL identifier ([a-z_][a-z0-9_]*, at most 63 characters),"
                + " got 'x; DROP DATABASE postgres'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DatabaseBootstrap.requireSafeName("Checkout"));
        assertEquals("checkout_2", DatabaseBootstrap.requireSafeName("checkout_2"));
    }

    private static int countDatabases(String name) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                var ps = c.prepareStatement("SELECT count(*) FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
