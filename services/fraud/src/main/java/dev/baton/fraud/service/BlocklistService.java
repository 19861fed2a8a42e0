package dev.baton.fraud.service;

import dev.baton.fraud.BlocklistEntry;
import dev.baton.fraud.BlocklistKind;
import dev.baton.fraud.config.FraudConfig;
import dev.baton.fraud.repository.BlocklistRepository;
import dev.baton.platform.rest.Problem;
import dev.baton.platform.rest.ProblemException;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/** The block lists: entries managed through the API, plus the configured seeds written at start. */
@ApplicationScoped
public class BlocklistService {

    private static final Logger LOG = Logger.getLogger(BlocklistService.class);

    /** An entry, and whether this call added it (false: it was listed already). */
    public record Added(BlocklistEntry entry, boolean created) {
    }

    private final BlocklistRepository repository;
    private final FraudConfig config;
    private final RuleClock clock;

    public BlocklistService(BlocklistRepository repository, FraudConfig config, RuleClock clock) {
        this.repository = repository;
        this.config = config;
        this.clock = clock;
    }

    /** Adds an entry (normalised); an existing one is answered as it is. 422 for a value the kind cannot hold. */
    public Uni<Added> add(BlocklistKind kind, String value, String reason, String source) {
        String normalised = valid(kind, value);
        return repository.insert(kind, normalised, reason, source, clock.now()).chain(inserted -> inserted.isPresent()
                ? Uni.createFrom().item(new Added(inserted.get(), true))
                : repository.find(kind, normalised).map(found -> new Added(found.orElseThrow(), false)));
    }

    /** Removes an entry; 404 when it is not listed. */
    public Uni<Void> remove(BlocklistKind kind, String value) {
        String normalised = kind.normalise(value);
        return repository.delete(kind, normalised).map(removed -> {
            if (!removed) {
                throw new ProblemException(404, "blocklist-entry-not-found", "Not on the block list",
                        "%s %s is not on the block list".formatted(kind, normalised));
            }
            return null;
        });
    }

    public Uni<List<BlocklistEntry>> list(BlocklistKind kind) {
        return repository.list(kind);
    }

    /** Writes the configured seeds (source CONFIG) once the database is migrated (DatabaseBootstrap runs first). */
    void seed(@Observes StartupEvent event) {
        FraudConfig.Blocklist seeds = config.blocklist();
        Map<BlocklistKind, Optional<List<String>>> byKind = Map.of(BlocklistKind.CUSTOMER, seeds.customers(),
                BlocklistKind.TOKEN, seeds.tokens(), BlocklistKind.EMAIL_DOMAIN, seeds.emailDomains(),
                BlocklistKind.COUNTRY, seeds.countries());
        byKind.forEach((kind, values) -> values.orElse(List.of()).forEach(value -> {
            var added = add(kind, value, "configured (baton.fraud.blocklist)", "CONFIG")
                    .await().atMost(Duration.ofSeconds(30));
            if (added.created()) {
                LOG.infof("Block list seeded: %s %s", kind, added.entry().value());
            }
        }));
    }

    private static String valid(BlocklistKind kind, String value) {
        String normalised = kind.normalise(value == null ? "" : value);
        String problem = kind.problemWith(normalised);
        if (problem != null) {
            throw new ProblemException(new Problem("urn:baton:problem:invalid-blocklist-value",
                    "Invalid block-list value", 422, "value: " + problem + " (kind " + kind + ")", null,
                    List.of(new Problem.Violation("value", problem))));
        }
        return normalised;
    }
}
