package dev.baton.platform.db;

import dev.baton.platform.events.EventsConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * Makes the deployable's own database exist and brings its schema up to date before anything else touches it.
 *
 * <p>Quarkus' own migrate-at-start would run before we could create the database, so it is turned off
 * ({@code quarkus.flyway.migrate-at-start=false}) and this observer does both steps, in order, at the
 * earliest startup priority. Observers of {@link StartupEvent} in the services keep the default priority and
 * therefore see a migrated database.
 *
 * <p>When the deployable produces or consumes events ({@code baton.events.outbox.enabled} or
 * {@code baton.events.subscriber.enabled}), the platform's own tables are migrated next, into their own schema
 * with their own history ({@link PlatformMigrations}).
 */
@Singleton
public class DatabaseBootstrap {

    private static final Logger LOG = Logger.getLogger(DatabaseBootstrap.class);

    /** Database names end up inside CREATE DATABASE, which cannot take a bind parameter. */
    private static final Pattern SAFE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final DatabaseConfig config;
    private final Flyway flyway;
    private final EventsConfig events;

    public DatabaseBootstrap(DatabaseConfig config, Flyway flyway, EventsConfig events) {
        this.config = config;
        this.flyway = flyway;
        this.events = events;
    }

    void onStart(@Observes @Priority(0) StartupEvent event) {
        if (config.createIfMissing()) {
            createIfMissing(config);
        }
        if (config.cleanAtStart()) {
            // Flyway refuses clean unless told otherwise; the flag is scoped to this one call.
            Flyway.configure().configuration(flyway.getConfiguration()).cleanDisabled(false).load().clean();
            LOG.infof("Cleaned database %s before migrating (baton.db.clean-at-start)", config.name());
        }
        var result = flyway.migrate();
        LOG.infof("Database %s is at schema version %s (%d migration(s) applied now)",
                config.name(), result.targetSchemaVersion == null ? "empty" : result.targetSchemaVersion,
                result.migrationsExecuted);
        if (events.outbox().enabled() || events.subscriber().enabled()) {
            var platform = PlatformMigrations.migrate(config);
            LOG.infof("Schema %s of database %s is at version %s (%d migration(s) applied now)",
                    PlatformMigrations.SCHEMA, config.name(), platform.targetSchemaVersion,
                    platform.migrationsExecuted);
        }
    }

    /**
     * Creates {@code config.name()} unless it exists. Safe to race with another instance of the same
     * deployable: a concurrent CREATE that loses reports duplicate_database, which counts as success.
     *
     * @return true when this call created the database
     */
    public static boolean createIfMissing(DatabaseConfig config) {
        String name = requireSafeName(config.name());
        String url = "jdbc:postgresql://%s:%d/%s".formatted(config.host(), config.port(), config.adminDatabase());
        var props = new Properties();
        props.setProperty("user", config.user());
        config.password().ifPresent(p -> props.setProperty("password", p));
        props.setProperty("connectTimeout", "5");
        try (Connection c = DriverManager.getConnection(url, props)) {
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, name);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            try (var create = c.createStatement()) {
                create.execute("CREATE DATABASE " + name);
                LOG.infof("Created database %s on %s:%d", name, config.host(), config.port());
                return true;
            } catch (SQLException e) {
                if ("42P04".equals(e.getSQLState())) { // duplicate_database: another instance won the race
                    return false;
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at %s:%d did not let us create or find database '%s': %s"
                    .formatted(config.host(), config.port(), name, e.getMessage()), e);
        }
    }

    /** Rejects anything that is not a plain lower-case identifier, so the name can be spliced into DDL. */
    public static String requireSafeName(String name) {
        if (name == null || !SAFE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "baton.db.name must be a lower-case SQL identifier ([a-z_][a-z0-9_]*, at most 63 characters), got '"
                            + name + "'");
        }
        return name;
    }
}
