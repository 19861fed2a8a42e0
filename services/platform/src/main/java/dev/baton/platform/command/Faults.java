package dev.baton.platform.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.platform.rest.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Fault injection for the saga's system tests: rules that make a command fail, either before its effect (the step
 * did not happen) or after its effect committed (the step happened but its caller sees a failure, the case that
 * makes a saga register compensations before it runs a step). Rules live in memory of this instance and are set
 * through {@code /v1/faults} ({@link FaultResource}), which answers only when {@code baton.faults.enabled=true}
 * (env {@code BATON_FAULTS_ENABLED}, read at run time; default false, so a production instance cannot be told to
 * fail).
 */
@ApplicationScoped
public class Faults {

    private static final Logger LOG = Logger.getLogger(Faults.class);

    /** Where the failure happens relative to the command's transaction. */
    public enum When {
        /** Nothing is applied; the command answers {@code status}. */
        BEFORE,
        /** The effect commits, then the command answers {@code status} (a lost response). */
        AFTER
    }

    /**
     * One rule.
     *
     * @param operation  the command name, the part of the operation before its first colon ({@code order.confirm})
     * @param customerId matches requests whose {@code customerId} is this value; null matches every request
     * @param status     the HTTP status to answer (default 500)
     * @param when       before or after the effect (default BEFORE)
     * @param times      how many matching requests fail; -1 (default) for all of them
     */
    public record Rule(String operation, String customerId, Integer status, When when, Integer times) {
        Rule normalized() {
            return new Rule(operation, customerId, status == null ? 500 : status, when == null ? When.BEFORE : when,
                    times == null ? -1 : times);
        }
    }

    private final boolean enabled;
    private final ObjectMapper mapper;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();

    public Faults(@ConfigProperty(name = "baton.faults.enabled", defaultValue = "false") boolean enabled,
            ObjectMapper mapper) {
        this.enabled = enabled;
        this.mapper = mapper;
    }

    /** Whether rules may be set and are applied ({@code baton.faults.enabled}). */
    public boolean enabled() {
        return enabled;
    }

    /** Adds a rule; its fields are validated by the caller. */
    public Rule add(Rule rule) {
        Rule r = rule.normalized();
        rules.add(r);
        LOG.warnf("Fault rule added: %s", r);
        return r;
    }

    /** The rules in force. */
    public List<Rule> rules() {
        return List.copyOf(rules);
    }

    /** Removes every rule. */
    public void clear() {
        rules.clear();
    }

    /** Runs {@code command}, failing before or after it when a rule matches. */
    <T> Uni<T> around(String operation, String requestJson, Supplier<Uni<T>> command) {
        if (!enabled || rules.isEmpty()) {
            return command.get();
        }
        Optional<Rule> rule = take(operation, requestJson);
        if (rule.isEmpty()) {
            return command.get();
        }
        Rule r = rule.get();
        ProblemException failure = new ProblemException(r.status(), "injected-fault", "Injected fault",
                "Fault injected %s %s (baton.faults)".formatted(r.when().name().toLowerCase(), operation));
        if (r.when() == When.BEFORE) {
            return Uni.createFrom().failure(failure);
        }
        return command.get().onItem().failWith(item -> failure);
    }

    private synchronized Optional<Rule> take(String operation, String requestJson) {
        String name = operation.contains(":") ? operation.substring(0, operation.indexOf(':')) : operation;
        String customer = customerOf(requestJson);
        for (Rule r : rules) {
            if (r.operation().equals(name) && (r.customerId() == null || r.customerId().equals(customer))) {
                if (r.times() > 0) {
                    rules.remove(r);
                    if (r.times() > 1) {
                        rules.add(new Rule(r.operation(), r.customerId(), r.status(), r.when(), r.times() - 1));
                    }
                }
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    private String customerOf(String requestJson) {
        try {
            JsonNode node = mapper.readTree(requestJson);
            return node != null && node.hasNonNull("customerId") ? node.get("customerId").asText() : null;
        } catch (Exception e) {
            return null;
        }
    }
}
