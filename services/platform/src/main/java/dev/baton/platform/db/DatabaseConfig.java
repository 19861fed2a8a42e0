package dev.baton.platform.db;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * Where this deployable's own PostgreSQL database lives. Each key can be overridden by an environment variable
 * ({@code baton.db.host} by {@code BATON_DB_HOST}, and so on). The Quarkus datasource URLs in every
 * {@code application.properties} are built from these keys, so the JDBC pool (Flyway) and the reactive pool
 * (the application) always point at the same database.
 */
@ConfigMapping(prefix = "baton.db")
public interface DatabaseConfig {

    /** PostgreSQL host. Default {@code 127.0.0.1}. */
    @WithDefault("127.0.0.1")
    String host();

    /** PostgreSQL port. Default {@code 5432}. */
    @WithDefault("5432")
    int port();

    /**
     * The deployable's own database (for example {@code checkout}). It is created on start when missing and
     * {@link #createIfMissing()} is true. Must be a plain lower-case SQL identifier.
     */
    String name();

    /** Role used for every connection. Default {@code postgres}. */
    @WithDefault("postgres")
    String user();

    /** Password of {@link #user()}; empty for trust authentication (the local default). */
    Optional<String> password();

    /** An existing database to connect to while creating {@link #name()}. Default {@code postgres}. */
    @WithDefault("postgres")
    String adminDatabase();

    /**
     * Create {@link #name()} on start when it does not exist. Default true; turn it off where the role may not
     * create databases (a managed Cloud SQL instance provisioned by infrastructure code, say).
     */
    @WithDefault("true")
    boolean createIfMissing();

    /**
     * Drop every object in the database's schemas before migrating. Default false; true in the {@code test}
     * profile (set by this library), so each test run starts from the committed migrations alone: a database
     * left behind by an earlier run, with migrations since edited or removed, would otherwise fail validation.
     * Never enable it where the data matters.
     */
    @WithDefault("false")
    boolean cleanAtStart();
}
