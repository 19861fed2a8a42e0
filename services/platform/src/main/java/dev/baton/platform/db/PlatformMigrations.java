package dev.baton.platform.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * Migrates the platform's own tables (outbox, inbox, dead letters, command log) into schema {@value #SCHEMA} of a deployable's
 * database, with a Flyway history of their own ({@code baton_platform.flyway_schema_history}), so service
 * migrations and platform migrations never compete for version numbers.
 *
 * <p>The scripts are listed here rather than discovered: Quarkus only indexes the migrations of its configured
 * Flyway locations at build time, and classpath scanning at run time does not see into its class loader. A new
 * platform migration is a new file under {@code dev/baton/platform/db/migration} plus a line in {@link #SCRIPTS}.
 */
public final class PlatformMigrations {

    /** The schema the platform's tables live in. */
    public static final String SCHEMA = "baton_platform";

    private static final String LOCATION = "dev/baton/platform/db/migration/";
    static final List<String> SCRIPTS = List.of("V1__outbox.sql", "V2__inbox.sql", "V3__command_log.sql");

    private PlatformMigrations() {
    }

    /**
     * Applies the platform migrations not yet applied; safe to run from several instances at once (Flyway locks).
     * With {@code baton.db.clean-at-start} (tests) the schema is emptied first, like the service's own.
     */
    public static MigrateResult migrate(DatabaseConfig config) {
        String url = "jdbc:postgresql://%s:%d/%s".formatted(config.host(), config.port(), config.name());
        Flyway flyway = Flyway.configure()
                .dataSource(url, config.user(), config.password().orElse(""))
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .createSchemas(true)
                .resourceProvider(new ListedScripts())
                .javaMigrationClassProvider(List::of)
                .cleanDisabled(!config.cleanAtStart())
                .load();
        if (config.cleanAtStart()) {
            flyway.clean();
        }
        return flyway.migrate();
    }

    /** Serves {@link #SCRIPTS} from the classpath. */
    private static final class ListedScripts implements ResourceProvider {

        @Override
        public LoadableResource getResource(String name) {
            return SCRIPTS.contains(name) ? new Script(name) : null;
        }

        @Override
        public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
            return SCRIPTS.stream()
                    .filter(s -> s.startsWith(prefix) && Arrays.stream(suffixes).anyMatch(s::endsWith))
                    .<LoadableResource>map(Script::new)
                    .toList();
        }
    }

    private static final class Script extends LoadableResource {
        private final String name;
        private final String text;

        Script(String name) {
            this.name = name;
            try (InputStream in = PlatformMigrations.class.getClassLoader().getResourceAsStream(LOCATION + name)) {
                if (in == null) {
                    throw new IllegalStateException("Platform migration missing from the jar: " + LOCATION + name);
                }
                this.text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Reader read() {
            return new StringReader(text);
        }

        @Override
        public String getAbsolutePath() {
            return LOCATION + name;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return LOCATION + name;
        }

        @Override
        public String getFilename() {
            return name;
        }

        @Override
        public String getRelativePath() {
            return name;
        }
    }
}
