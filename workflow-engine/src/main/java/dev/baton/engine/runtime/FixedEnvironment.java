package dev.baton.engine.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A deterministic {@link Environment}: a fixed clock, UUIDs from a counter and an in-memory log. Used by tests,
 * the fuzzer and the benchmark; the durable engine supplies its own.
 */
public final class FixedEnvironment implements Environment {
    private final double start;
    private final Map<String, String> env;
    private long uuids;
    private final List<String> logs = Collections.synchronizedList(new ArrayList<>());

    FixedEnvironment(double start, Map<String, String> env) {
        this.start = start;
        this.env = Map.copyOf(env);
    }

    @Override
    public double now() {
        return start;
    }

    @Override
    public String randomUuid() {
        return new UUID(0x4000L, 0x8000000000000000L | ++uuids).toString();
    }

    @Override
    public String env(String name) {
        return env.get(name);
    }

    @Override
    public void log(String severity, Object value) {
        logs.add(severity + " " + value);
    }

    @Override
    public String callbackUrl(String callbackId) {
        return "http://localhost/callbacks/" + callbackId;
    }

    /** Everything logged so far, "SEVERITY value" per entry. */
    public List<String> logs() {
        return List.copyOf(logs);
    }
}
